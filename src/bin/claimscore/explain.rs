//! `claimscore explain`: why one comment gets its label.

use std::io::{IsTerminal, Read, Write};
use std::ops::Range;

use anyhow::{Context, Result, bail};
use claimscore::{Claim, Contribution, Explanation, Label, Scores};
use serde::Serialize;

use crate::Outcome;
use crate::args::{ColorChoice, ExplainArgs};
use crate::files;
use crate::output;

const GREEN: &str = "\x1b[1;32m";
const RED: &str = "\x1b[1;31m";
const RESET: &str = "\x1b[0m";

/// `explain --json`, fields in this order.
#[derive(Serialize)]
struct ExplainJson<'a> {
    model_version: &'a str,
    label: Label,
    scores: Scores,
    claims: &'a [Claim],
    explanation: &'a Explanation,
}

pub fn run(a: ExplainArgs) -> Result<Outcome> {
    output::require_stdout("the explanation would be lost: redirect it")?;
    let text = match a.text.as_deref() {
        Some(t) if t != "-" => t.to_string(),
        _ => {
            if std::io::stdin().is_terminal() {
                bail!("give the comment as TEXT, or pipe it on stdin");
            }
            let mut t = String::new();
            std::io::stdin()
                .read_to_string(&mut t)
                .context("cannot read the comment from stdin")?;
            t
        }
    };
    if text.trim().is_empty() {
        bail!("the comment is empty");
    }
    let article = a
        .article
        .as_ref()
        .map(|p| std::fs::read_to_string(p).with_context(|| format!("cannot read the article {}", p.display())))
        .transpose()?;
    let model = files::load_model(a.model.as_deref())?;
    let input = (text.as_str(), article.as_deref());
    let (verdict, explanation) = (model.classify(input), model.explain(input, a.top));
    let mut out = std::io::stdout().lock();
    if a.json {
        let v = ExplainJson {
            model_version: model.version(),
            label: verdict.label,
            scores: verdict.scores,
            claims: &verdict.claims,
            explanation: &explanation,
        };
        serde_json::to_writer_pretty(&mut out, &v)?;
        writeln!(out)?;
        out.flush()?;
        return Ok(Outcome::Success);
    }
    let color = match a.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let label = verdict.label;
    writeln!(
        out,
        "label: {label}  (model {}{})",
        model.version(),
        if article.is_some() { ", with the article" } else { "" }
    )?;
    for l in Label::ALL {
        let p = verdict.scores.get(l);
        writeln!(
            out,
            "  {:<13} {p:.3}  {}",
            l.as_str(),
            "#".repeat((p * 40.0).round() as usize)
        )?;
    }
    if verdict.claims.len() > 1 {
        writeln!(out, "\nsentences:")?;
        for c in &verdict.claims {
            writeln!(
                out,
                "  {:<13} {:.3}  {}",
                c.label.as_str(),
                c.scores.get(c.label),
                c.text.trim()
            )?;
        }
    }
    let Some(mine) = explanation.labels.iter().find(|l| l.label == label) else {
        return Ok(Outcome::Success);
    };
    writeln!(
        out,
        "\nfor {label} (logit {:.3}, intercept {:.3}):",
        mine.logit, mine.intercept
    )?;
    contributions(&mut out, &text, &mine.for_label)?;
    writeln!(out, "against {label}:")?;
    contributions(&mut out, &text, &mine.against_label)?;
    let for_spans: Vec<Range<usize>> = mine.for_label.iter().flat_map(|c| c.spans.iter().cloned()).collect();
    let against_spans: Vec<Range<usize>> = mine
        .against_label
        .iter()
        .flat_map(|c| c.spans.iter().cloned())
        .collect();
    let (open_for, open_against, close) = if color { (GREEN, RED, RESET) } else { ("[", "{", "]") };
    let close_against = if color { RESET } else { "}" };
    writeln!(
        out,
        "\n{}:",
        if color {
            format!("the comment, {GREEN}for{RESET} and {RED}against{RESET} {label}")
        } else {
            format!("the comment, [for] and {{against}} {label}")
        }
    )?;
    writeln!(
        out,
        "  {}",
        highlight(
            &text,
            &for_spans,
            &against_spans,
            (open_for, close),
            (open_against, close_against)
        )
    )?;
    out.flush()?;
    Ok(Outcome::Success)
}

fn contributions(out: &mut impl Write, text: &str, list: &[Contribution]) -> Result<()> {
    if list.is_empty() {
        writeln!(out, "  (none)")?;
    }
    for c in list {
        let found: Vec<String> = c
            .spans
            .iter()
            .filter_map(|s| text.get(s.clone()))
            .map(|s| format!("{s:?}"))
            .collect();
        let found = if found.is_empty() {
            String::new()
        } else {
            format!("  {}", found.join(" "))
        };
        writeln!(out, "  {:+.3}  {:<7} {}{found}", c.contribution, c.kind, c.feature)?;
    }
    Ok(())
}

/// The text with each span wrapped in its markers; spans are merged where they overlap, and
/// a byte inside a `for` span is never marked `against`.
fn highlight(
    text: &str,
    for_spans: &[Range<usize>],
    against_spans: &[Range<usize>],
    for_marks: (&str, &str),
    against_marks: (&str, &str),
) -> String {
    // 0 plain, 1 for, 2 against
    let mut mark = vec![0u8; text.len()];
    for s in against_spans.iter().filter(|s| text.get((*s).clone()).is_some()) {
        mark[s.clone()].iter_mut().for_each(|m| *m = 2);
    }
    for s in for_spans.iter().filter(|s| text.get((*s).clone()).is_some()) {
        mark[s.clone()].iter_mut().for_each(|m| *m = 1);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut current = 0u8;
    for (i, ch) in text.char_indices() {
        let m = mark[i];
        if m != current {
            match current {
                1 => out.push_str(for_marks.1),
                2 => out.push_str(against_marks.1),
                _ => {}
            }
            match m {
                1 => out.push_str(for_marks.0),
                2 => out.push_str(against_marks.0),
                _ => {}
            }
            current = m;
        }
        out.push(ch);
    }
    match current {
        1 => out.push_str(for_marks.1),
        2 => out.push_str(against_marks.1),
        _ => {}
    }
    out
}

#[cfg(test)]
#[allow(clippy::single_range_in_vec_init)] // one-span cases read best as `&[a..b]`
mod tests {
    use super::*;

    #[test]
    fn highlight_marks_and_merges_spans() {
        let t = "you absolute clown";
        assert_eq!(
            highlight(t, &[4..12, 8..18], &[], ("[", "]"), ("{", "}")),
            "you [absolute clown]"
        );
        assert_eq!(
            highlight(t, &[13..18], &[0..3], ("[", "]"), ("{", "}")),
            "{you} absolute [clown]"
        );
        // A span off a character boundary is ignored rather than splitting a character.
        assert_eq!(highlight("né", &[2..3], &[], ("[", "]"), ("{", "}")), "né");
    }
}
