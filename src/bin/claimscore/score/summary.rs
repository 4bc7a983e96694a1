//! The summary on stderr at the end of `score`: rows scored, rate, failures by kind.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

/// Failed rows listed one by one in the summary; the rest are counted.
const LISTED_FAILURES: usize = 10;

/// Counts for the summary on stderr.
#[derive(Default)]
pub struct Summary {
    pub rows: u64,
    pub failed: u64,
    by_kind: BTreeMap<&'static str, u64>,
    listed: Vec<String>,
    pub unknown_articles: u64,
}

impl Summary {
    pub fn fail(&mut self, kind: &'static str, row: String, message: &str) {
        self.failed += 1;
        *self.by_kind.entry(kind).or_default() += 1;
        if self.listed.len() < LISTED_FAILURES {
            self.listed.push(format!("{row}: {message}"));
        }
    }

    pub fn report(&self, elapsed: Duration, input_name: &str, errors: Option<&Path>) {
        let secs = elapsed.as_secs_f64();
        message!(
            "claimscore: scored {} of {} rows of {input_name} in {secs:.2} s ({:.0} rows/s)",
            self.rows - self.failed,
            self.rows,
            self.rows as f64 / secs.max(1e-9)
        );
        if self.unknown_articles > 0 {
            message!(
                "claimscore: {} named an article that is not in the articles file; scored without the article",
                rows(self.unknown_articles)
            );
        }
        // With --quiet, bad rows speak only through their `error` in the output.
        if self.failed > 0 && !crate::messages::quiet() {
            let kinds: Vec<String> = self.by_kind.iter().map(|(k, n)| format!("{k}: {n}")).collect();
            let place = match errors {
                Some(p) => format!("written to {}", p.display()),
                None => "written with an `error`".to_string(),
            };
            err_message!(
                "{} could not be scored ({}); {place}:",
                rows(self.failed),
                kinds.join(", ")
            );
            for l in &self.listed {
                err_message!("  {l}");
            }
            if self.failed > self.listed.len() as u64 {
                err_message!("  ... and {} more", self.failed - self.listed.len() as u64);
            }
        }
    }
}

fn rows(n: u64) -> String {
    if n == 1 {
        "1 row".to_string()
    } else {
        format!("{n} rows")
    }
}
