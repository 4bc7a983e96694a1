//! classify and explain on arbitrary text: no panic, probabilities finite and summing to
//! 1, spans on char boundaries inside the text, contributions + intercept = logit.
#![no_main]

use claimscore::Classifier;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let model = Classifier::default_model();
    let v = model.classify(&text);
    let p = v.scores.to_array();
    assert!(p.iter().all(|x| x.is_finite() && (0.0..=1.0).contains(x)), "{p:?}");
    assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-9, "{p:?}");
    for c in &v.claims {
        assert!(text.get(c.span.clone()).is_some(), "claim span {:?}", c.span);
    }
    let e = model.explain(&text, usize::MAX);
    assert_eq!(e.scores.to_array(), p, "explain agrees with classify");
    for l in &e.labels {
        let sum: f64 = l.for_label.iter().chain(&l.against_label).map(|c| c.contribution).sum();
        assert!(
            (l.intercept + sum - l.logit).abs() < 1e-6 * l.logit.abs().max(1.0),
            "{}",
            l.label
        );
        for c in l.for_label.iter().chain(&l.against_label) {
            for s in &c.spans {
                assert!(text.get(s.clone()).is_some(), "feature span {s:?}");
            }
        }
    }
});
