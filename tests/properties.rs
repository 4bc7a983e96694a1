//! Bounded property tests of the library (a few seconds): no panic, scores finite and
//! summing to 1, spans on char boundaries inside the text, explanations exact, batch =
//! alone, and hostile model bytes never panic.

use claimscore::{Classifier, DEFAULT_MODEL, Input};
use proptest::prelude::*;

/// Text that exercises the tokenizer: words, URLs, numbers, quotes, reply lines,
/// obfuscation, emoji, full-width and combining characters, control characters.
fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("idiot".to_string()),
        Just("Reuters".to_string()),
        Just("https://www.bbc.co.uk/news?id=1".to_string()),
        Just("1d10t".to_string()),
        Just("i d i o t".to_string()),
        Just("> quoted\n".to_string()),
        Just("“".to_string()),
        Just("\"".to_string()),
        Just("!!".to_string()),
        Just("3.5%".to_string()),
        Just("U.S.".to_string()),
        Just("🙄👍🏽".to_string()),
        Just("ｗｗｗ．ｅｘａｍｐｌｅ．ｃｏｍ".to_string()),
        Just("e\u{301}".to_string()),
        Just("\u{200B}".to_string()),
        Just("①²".to_string()),
        Just(". ".to_string()),
        Just("\n".to_string()),
        any::<char>().prop_map(String::from),
        "[a-zA-Z]{1,12}",
    ];
    proptest::collection::vec(piece, 0..24).prop_map(|p| p.join(" "))
}

fn check_scores(p: [f64; 3]) {
    assert!(p.iter().all(|x| x.is_finite() && (0.0..=1.0).contains(x)), "{p:?}");
    assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-9, "{p:?}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn verdicts_are_probabilities_with_claims_inside_the_text(t in text(), article in proptest::option::of(text())) {
        let model = Classifier::default_model();
        let input = Input { text: &t, article: article.as_deref() };
        let v = model.classify(input);
        check_scores(v.scores.to_array());
        prop_assert_eq!(v.scores, model.scores(input));
        for c in &v.claims {
            prop_assert!(t.get(c.span.clone()).is_some(), "{:?} in {:?}", c.span, t);
            prop_assert_eq!(&t[c.span.clone()], c.text.as_str());
            check_scores(c.scores.to_array());
        }
    }

    #[test]
    fn explanations_add_up_to_the_logits(t in text(), article in proptest::option::of(text())) {
        let model = Classifier::default_model();
        let input = Input { text: &t, article: article.as_deref() };
        let e = model.explain(input, usize::MAX);
        prop_assert_eq!(e.scores, model.scores(input));
        for l in &e.labels {
            let sum: f64 = l.intercept + l.for_label.iter().chain(&l.against_label).map(|c| c.contribution).sum::<f64>();
            prop_assert!((sum - l.logit).abs() < 1e-9 * (1.0 + l.logit.abs()), "{} vs {}", sum, l.logit);
            for c in l.for_label.iter().chain(&l.against_label) {
                for s in &c.spans {
                    prop_assert!(s.start <= s.end && t.get(s.clone()).is_some(), "{:?} in {:?}", s, t);
                }
            }
        }
    }

    #[test]
    fn a_batch_gives_what_each_input_gives_alone(items in proptest::collection::vec((text(), proptest::option::of(0usize..3)), 0..12)) {
        let model = Classifier::default_model();
        let articles = ["The council approved the plan, the mayor said.", "Reuters reported the vote.", ""];
        let inputs: Vec<Input> = items
            .iter()
            .map(|(t, a)| Input { text: t, article: a.map(|i| articles[i]) })
            .collect();
        let verdicts = model.classify_batch(inputs.iter().copied());
        let probabilities = model.scores_batch(inputs.iter().copied());
        let explanations = model.explain_batch(inputs.iter().copied(), 3);
        prop_assert_eq!(verdicts.len(), inputs.len());
        for (((i, v), p), e) in inputs.iter().zip(&verdicts).zip(&probabilities).zip(&explanations) {
            prop_assert_eq!(v, &model.classify(*i));
            prop_assert_eq!(*p, v.scores.to_array());
            prop_assert_eq!(e, &model.explain(*i, 3));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Mutated model files load or fail cleanly; those that load score finite probabilities.
    #[test]
    fn mutated_model_files_never_panic(at in 0usize..DEFAULT_MODEL.len(), bytes in proptest::collection::vec(any::<u8>(), 1..4)) {
        let mut m = DEFAULT_MODEL.to_vec();
        let end = (at + bytes.len()).min(m.len());
        m.splice(at..end, bytes);
        if let Ok(model) = Classifier::from_bytes(&m) {
            check_scores(model.scores("You absolute clown, Reuters said so.").to_array());
        }
    }
}
