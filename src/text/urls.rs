//! URLs in the raw text: a marker and the domain.

/// Cheap pre-check for [`url_at`]: a dot or a colon before the next whitespace.
pub(super) fn may_be_url(rest: &[u8]) -> bool {
    rest.iter()
        .take_while(|b| !b.is_ascii_whitespace())
        .any(|&b| b == b'.' || b == b':')
}

const TLDS: &[&str] = &[
    "com", "org", "net", "gov", "edu", "int", "mil", "io", "co", "uk", "us", "ca", "au", "nz", "ie", "de", "fr", "eu",
    "in", "info", "news", "tv", "me", "ly", "be", "nl", "es", "it", "ch", "se", "no", "dk", "fi", "pl", "ru", "ua",
    "jp", "cn", "kr", "br", "mx", "za", "at", "pt", "gr", "il", "sg", "hk", "ai", "app", "dev", "ngo", "gc",
];

/// A URL starting at `i`: its end and its domain (lowercase, without `www.`).
pub(super) fn url_at(text: &str, i: usize) -> Option<(usize, String)> {
    let rest = &text[i..];
    let run_len = rest
        .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '“' | '”'))
        .unwrap_or(rest.len());
    let mut run = &rest[..run_len];
    // Fast path: most runs are plain words, with no dot and no scheme.
    if !run.contains('.') && !run.contains("://") {
        return None;
    }
    run = run.trim_end_matches(['.', ',', ';', ':', '!', '?', ')', ']', '\'', '’']);
    if run.len() < 4 {
        return None;
    }
    let lower_prefix =
        |p: &str| run.len() >= p.len() && run.is_char_boundary(p.len()) && run[..p.len()].eq_ignore_ascii_case(p);
    let (host_start, schemed) = if lower_prefix("https://") {
        (8, true)
    } else if lower_prefix("http://") {
        (7, true)
    } else {
        (0, false)
    };
    let after = &run[host_start..];
    let host = &after[..after.find(['/', '?', '#']).unwrap_or(after.len())];
    let host = host.split(':').next().unwrap_or(host);
    let labels: Vec<&str> = host.split('.').collect();
    let valid_labels = labels.len() >= 2
        && labels
            .iter()
            .all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
    let tld = labels.last().map(|t| t.to_ascii_lowercase()).unwrap_or_default();
    let www = host.len() > 4 && host.get(..4).is_some_and(|h| h.eq_ignore_ascii_case("www."));
    let ok = if schemed {
        !host.is_empty()
    } else {
        valid_labels && (www || (TLDS.contains(&tld.as_str()) && labels[0].len() >= 2))
    };
    if !ok {
        return None;
    }
    let mut domain = host.to_ascii_lowercase();
    if domain.starts_with("www.") {
        domain.drain(..4);
    }
    Some((i + run.len(), domain))
}
