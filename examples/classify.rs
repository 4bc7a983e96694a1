//! Classifies one comment with the bundled model, with and without its article, and
//! explains the score.
//!
//! ```text
//! cargo run --release --example classify -- "Per Reuters, the talks ended on Sunday."
//! cargo run --release --example classify -- "As the article says, 40 died." --article article.txt
//! ```

use std::process::ExitCode;

use claimscore::{Classifier, Explanation, Verdict};

fn main() -> ExitCode {
    let mut text = String::from(
        "According to the article, Witkoff called the talks productive. Anyone who believes him is a fool.",
    );
    let mut article: Option<String> = Some(String::from(
        "Talks in Miami were productive and constructive, U.S. envoy Steve Witkoff said on Sunday, \
         after meeting Ukrainian and European officials to discuss a 20-point plan.",
    ));
    let mut args = std::env::args().skip(1);
    let mut text_given = false;
    while let Some(a) = args.next() {
        if a == "--article" {
            let Some(path) = args.next() else {
                eprintln!("classify: --article needs a file");
                return ExitCode::FAILURE;
            };
            match std::fs::read_to_string(&path) {
                Ok(t) => article = Some(t),
                Err(e) => {
                    eprintln!("classify: {path}: {e}");
                    return ExitCode::FAILURE;
                }
            }
        } else {
            if !text_given {
                article = None;
            }
            text = a;
            text_given = true;
        }
    }
    let model = Classifier::default_model();
    println!("model {}\ncomment: {text}\n", model.version());
    print_verdict("without the article", &model.classify(&text));
    if let Some(article) = &article {
        let input = (text.as_str(), article.as_str());
        print_verdict("with the article", &model.classify(input));
        print_explanation(&text, &model.explain(input, 3));
    } else {
        print_explanation(&text, &model.explain(&text, 3));
    }
    ExitCode::SUCCESS
}

fn print_verdict(title: &str, v: &Verdict) {
    let s = v.scores;
    println!(
        "{title}: {} (sourced {:.3}, unsourced {:.3}, inflammatory {:.3})",
        v.label, s.sourced, s.unsourced, s.inflammatory
    );
    for c in &v.claims {
        println!(
            "  [{}..{}] {:<12} {}",
            c.span.start,
            c.span.end,
            c.label.as_str(),
            c.text
        );
    }
    println!();
}

fn print_explanation(text: &str, e: &Explanation) {
    println!("why (top 3 n-grams for and against each label; contribution to the logit):");
    for l in &e.labels {
        let show = |c: &claimscore::Contribution| {
            let at = c
                .spans
                .first()
                .map(|s| format!(" at {:?}", &text[s.clone()]))
                .unwrap_or_default();
            format!("{} {:+.2}{at}", c.feature, c.contribution)
        };
        println!(
            "  {:<12} for: {}",
            l.label.as_str(),
            l.for_label.iter().map(show).collect::<Vec<_>>().join("; ")
        );
        println!(
            "  {:<12} against: {}",
            "",
            l.against_label.iter().map(show).collect::<Vec<_>>().join("; ")
        );
    }
}
