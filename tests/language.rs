//! Comments that are confidently not English get no label; English ones, however short or
//! odd, are scored. The measurement on `unsupported_language`'s docs is `measure_on_shared_data`.

use std::path::Path;

use claimscore::{Classifier, unsupported_language};

/// `(language, text)` rows of `tests/data/non_english.csv`: comments of our own.
fn non_english() -> Vec<(String, String)> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/non_english.csv");
    let mut rdr = csv::Reader::from_path(path).expect("the non-English comments read");
    rdr.records()
        .map(|r| {
            let r = r.expect("a well-formed row");
            (r[0].to_string(), r[1].to_string())
        })
        .collect()
}

/// Short comments the detectors do not agree on confidently: scored as English (see the docs of
/// `unsupported_language` for why no looser rule is safe). A fix shows up here.
const KNOWN_MISSES: [&str; 3] = [
    "C'est exactement ce que je disais hier soir.",
    "Sei proprio uno stupido.",
    "Grazie per l'articolo molto interessante.",
];

#[test]
fn our_non_english_comments_are_flagged_with_their_language() {
    let rows = non_english();
    assert!(rows.len() >= 35);
    let mut missed = Vec::new();
    for (language, text) in &rows {
        match unsupported_language(text) {
            Some(code) => assert_eq!(code, language, "{text}"),
            None => missed.push(text.as_str()),
        }
    }
    assert_eq!(missed, KNOWN_MISSES);
}

#[test]
fn verdicts_on_non_english_comments_say_so() {
    let model = Classifier::default_model();
    let v = model.classify("Laut Reuters ist die Inflation im März gestiegen.");
    assert_eq!(v.language.as_deref(), Some("deu"));
    assert!(!v.is_supported());
    let v = model.classify_batch(["你真是个傻瓜。", "Per Reuters, it passed."]);
    assert_eq!(v[0].language.as_deref(), Some("cmn"));
    assert!(v[1].is_supported());
    // Claims inherit nothing: they are the English model's, like the label.
    assert!(!v[0].claims.is_empty());
}

/// Comments in German, Spanish and French that quote a line of English: 6 to 9 of their
/// 35 to 40 words are English-only function words ("the", "people", "that"...), under the
/// 25% of the early English shortcut. The rule calls them their language; a looser
/// shortcut (at least 6 and 15%, issue 12 round 3) scored them as English. The CLI refused
/// them before and must go on refusing them (`tests/cli.rs` checks one).
#[test]
fn foreign_comments_quoting_english_are_not_settled_early() {
    let cases = [
        (
            "deu",
            "Der Artikel ist schlecht recherchiert und die Zahlen stimmen einfach nicht. Die Regierung hat \
             wieder gelogen, wie immer, und niemand sagt etwas dagegen. Im Original heißt es: what they \
             think about the people with that.",
        ),
        (
            "spa",
            "El artículo no dice nada nuevo sobre la reforma fiscal y los precios suben cada mes sin que el \
             gobierno haga nada. Como dijo el ministro en inglés: the people know that they would pay for this.",
        ),
        (
            "fra",
            "Ce gouvernement ment encore une fois sur les chiffres du chômage et personne ne dit rien dans \
             les journaux. Le slogan de la campagne était «the people, not the elite, with you and for you».",
        ),
        (
            "fra",
            "Je suis complètement d'accord avec l'auteur de cet article sur la réforme des retraites, mais il \
             oublie les jeunes. Comme disait Lincoln: government of the people, by the people, for the people, \
             and that is all.",
        ),
    ];
    let model = Classifier::default_model();
    for (code, text) in cases {
        assert_eq!(unsupported_language(text), Some(code), "{text:?}");
        assert_eq!(model.classify(text).language.as_deref(), Some(code), "{text:?}");
    }
}

#[test]
fn english_of_all_kinds_is_not_flagged() {
    let english = [
        // short replies
        "ok",
        "lol",
        "So true.",
        "This.",
        "Nope.",
        "Typical.",
        "!!!",
        "Well said!",
        "Agreed, 100%.",
        "Bye Felicia.",
        "Touché.",
        "Déjà vu all over again.",
        "Ciao, and good riddance.",
        // names
        "Jean-Luc Mélenchon",
        "Olaf Scholz and Pedro Sánchez",
        "Xi Jinping",
        "Volodymyr Zelenskyy said no.",
        "Dean Vernon Wormer: \"Put Neidermeyer on it.\"",
        "José Luis de Jesús Miranda was a cult leader.",
        "Angela Merkel, Emmanuel Macron und Giorgia Meloni met in Brussels.",
        // URLs and domains
        "https://www.spiegel.de/politik/deutschland/artikel-12345.html",
        "Source: lemonde.fr/economie/article/2024/03/01",
        "See https://elpais.com/espana/2024-03-01/el-gobierno-aprueba.html for the details.",
        // numbers
        "52 to 48",
        "3.2% vs 2.9%, 2023-24",
        "Per para 6, 31,400 in hotels.",
        "$1.02m median. Madness.",
        // emoji
        "👍👍👍",
        "🤡🤡 clown show",
        "Polls gonna poll 🤷",
        "😂😂😂 no way",
        // dialect and slang
        "Innit mate, proper mental that is.",
        "Y'all ain't never seen nothin' like it.",
        "Och aye, the wee laddie's greetin'.",
        "Ah dinnae ken whit yer oan aboot.",
        "Stuuupid stuuupid stuuupid government",
        "Outrageously ridiculous comment.",
        "NBC = Nazi Bastard Collaborators",
        "Tessier, you dinosaur. Retire.",
        // loanwords, Latin phrases, a little Greek or CJK in English
        "The zeitgeist is pure schadenfreude.",
        "Quid pro quo, ad nauseam, et cetera.",
        "R. v. Vu, 2013 SCC 60. Same principle.",
        "The area is πr², as anyone knows.",
        "The sign just said 出口, which means exit.",
        // look-alike letters (Cyrillic і, о, а) inside English words
        "уоu аrе а cоmplete іdіot",
    ];
    for t in english {
        assert_eq!(unsupported_language(t), None, "{t:?}");
        assert!(claimscore::classify(t).is_supported(), "{t:?}");
    }
}

fn shared() -> Option<&'static Path> {
    let p = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared"));
    p.is_dir().then_some(p)
}

/// The "not English" rows of `../shared/cases/bug-reports.csv`, all but K8.
#[test]
fn bug_report_rows_not_in_english() {
    let Some(shared) = shared() else {
        println!("skipped: ../shared is absent");
        return;
    };
    let mut rdr = csv::Reader::from_path(shared.join("cases/bug-reports.csv")).unwrap();
    let mut n = 0;
    for r in rdr.records() {
        let r = r.unwrap();
        if &r[1] != "not English" {
            assert_eq!(unsupported_language(&r[2]), None, "{} {}", &r[0], &r[2]);
            continue;
        }
        n += 1;
        // "Sei un idiota, vattene.": whatlang says German 0.07; see the docs of `unsupported_language`.
        if &r[0] == "K8" {
            continue;
        }
        assert!(unsupported_language(&r[2]).is_some(), "{} {}", &r[0], &r[2]);
    }
    assert!(n >= 5);
}

fn texts(path: &Path, column: &str) -> Vec<String> {
    if path.extension().is_some_and(|e| e == "json") {
        return std::fs::read_to_string(path)
            .unwrap()
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| {
                serde_json::from_str::<serde_json::Value>(l).unwrap()[column]
                    .as_str()
                    .unwrap_or("")
                    .to_string()
            })
            .collect();
    }
    let mut rdr = csv::Reader::from_path(path).unwrap();
    let i = rdr.headers().unwrap().iter().position(|h| h == column).unwrap();
    rdr.records().map(|r| r.unwrap()[i].to_string()).collect()
}

/// Prints the false positives per English set and the recall on non-English sets, as in
/// the docs of `unsupported_language`: `cargo test --release --test language -- --ignored --nocapture`.
#[test]
#[ignore = "measurement: prints figures, needs ../shared"]
fn measure_on_shared_data() {
    let Some(shared) = shared() else {
        println!("skipped: ../shared is absent");
        return;
    };
    let data = shared.join("data");
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let civil = data.join("civil-comments-autolabel");
    let english: Vec<(&str, Vec<String>)> = vec![
        ("realdev/realdev.csv", texts(&data.join("realdev/realdev.csv"), "text")),
        (
            "datasets/comments.csv",
            texts(&crate_dir.join("datasets/comments.csv"), "text"),
        ),
        (
            "toxic-spans/data/comments.csv",
            texts(&data.join("toxic-spans/data/comments.csv"), "comment_text"),
        ),
        ("civil-comments-autolabel/*.csv", {
            let mut t = texts(&civil.join("civil_comments_binary_seed.csv"), "example");
            t.extend(texts(&civil.join("civil_comments_binary_test.csv"), "example"));
            t.extend(texts(&civil.join("civil_comments_fractional.csv"), "text"));
            t
        }),
        (
            "fox-news-comments.json",
            texts(&data.join("fox-news-comments/fox-news-comments.json"), "text"),
        ),
    ];
    println!("English sets: flagged / texts");
    for (name, ts) in &english {
        let flagged: Vec<&String> = ts.iter().filter(|t| unsupported_language(t).is_some()).collect();
        println!("  {name}: {} / {}", flagged.len(), ts.len());
        for t in flagged {
            println!("    {:?} {t:?}", unsupported_language(t));
        }
    }
    let cases = |path: &Path, class_col: usize, class: &str| -> Vec<String> {
        let mut rdr = csv::Reader::from_path(path).unwrap();
        rdr.records()
            .map(|r| r.unwrap())
            .filter(|r| r[class_col].trim() == class)
            .map(|r| r[2].to_string())
            .collect()
    };
    let own: Vec<String> = non_english().into_iter().map(|(_, t)| t).collect();
    let non_english: Vec<(&str, Vec<String>)> = vec![
        ("tests/data/non_english.csv", own),
        (
            "cases/bug-reports.csv (not English)",
            cases(&shared.join("cases/bug-reports.csv"), 1, "not English"),
        ),
        (
            "handoff testcases (unsupported)",
            cases(&shared.join("../handoff/testcases/cases.csv"), 3, "unsupported"),
        ),
    ];
    println!("Non-English sets: flagged / texts");
    for (name, ts) in &non_english {
        let missed: Vec<&String> = ts.iter().filter(|t| unsupported_language(t).is_none()).collect();
        println!("  {name}: {} / {}", ts.len() - missed.len(), ts.len());
        for t in missed {
            println!("    missed {t:?}");
        }
    }
}
