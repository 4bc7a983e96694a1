//! The command line: subcommands, flags and the examples shown by `--help`.

use std::path::PathBuf;

use claimscore::{Label, ReviewBand};
use clap::{Args, Parser, Subcommand, ValueEnum};

const TOP_EXAMPLES: &str = "\
Examples:
  claimscore score --input comments.csv --output scored.csv
  claimscore explain \"According to the ONS, wages rose 3% last year.\"
  claimscore train --data train.csv --test-split 0.2 --out model.json
  claimscore eval --model model.json --data test.csv
  claimscore info --model model.json
  claimscore completions bash > ~/.local/share/bash-completion/completions/claimscore

Exit status:
  0  success; also when the reader of the output goes away early (`claimscore score | head`)
  1  usage error or fatal error (missing file or column, unreadable model, bad parameter)
  2  `score` only: some rows could not be scored (they are still written, with an `error`;
     exit 0 instead with --no-fail-on-row-errors)";

const SCORE_EXAMPLES: &str = "\
Output columns: every input column, in order, then
  label,sourced,unsourced,inflammatory,model_version[,claims][,explanation],with_article,
  [<label>_flag...,][needs_review,]language,error
`with_article` says whether the row was scored with its article.
An added column whose name is already an input column is written as `claimscore_<name>`.
With --keep COLS, only those input columns are echoed. JSON lines input (--input-format
jsonl, or a `.jsonl` file) has no header: the columns are the first line's keys, then the
text, id, article and --keep columns if it lacks them; a null or missing text is a row
error; an empty input is 0 rows.
CSV input: the delimiter is detected from the header (a comma, else the most frequent of
tab, `;` and `|`; but one on which the header names the text column, so a tab-separated
header may hold a comma in a name) unless -d/--delimiter or --tsv says it; the output is
comma-separated.
Probabilities are written with --precision significant digits (default 4; `full` for the
shortest text that reads back as the same 64-bit float).
A row that cannot be scored (invalid UTF-8, a ragged row, an empty or missing text, a text over
--max-text-bytes) is still written, with empty scores and the problem in `error` (or, with
--errors FILE, written there instead, as `row,error,<input fields>`).

Examples:
  # Score a CSV with the bundled model (columns `id,text` or more)
  claimscore score --input comments.csv --output scored.csv

  # Through a pipe, as JSON lines, with per-sentence verdicts
  cat comments.csv | claimscore score --format jsonl --claims > scored.jsonl

  # Join each comment to its article by id, use your own model, 4 threads
  claimscore score --model model.json --articles articles.csv --article-id-column article_id \\
      --input comments.csv --output scored.csv --threads 4

  # As a pipe stage: JSON lines in and out, keep only `id`, exit 0 despite bad rows
  cat comments.jsonl | claimscore score --input-format jsonl --format jsonl --keep id \\
      --no-fail-on-row-errors --quiet
  claimscore score --schema --keep id

  # Flag inflammatory at 0.7 (picked with `eval --thresholds`), send 0.4..0.7 to a person
  claimscore score --input in.csv --output out.csv --threshold inflammatory=0.7 \\
      --review inflammatory=0.4..0.7

  # Put the rows that cannot be scored in a file of their own; or stop at the first one
  claimscore score --input in.csv --output out.csv --errors bad.csv
  claimscore score --input in.csv --output out.csv --strict

Exit status:
  0  every row scored (or the reader of the output went away early)
  1  usage or fatal error: a missing column, an unreadable file or model, output = input
  2  some rows could not be scored (every row is still written; 0 with
     --no-fail-on-row-errors); with --strict, stopped at the first one (an output file is
     then not written)";

const TRAIN_EXAMPLES: &str = "\
Training files are CSV (delimiter detected from the header, or -d/--tsv) or JSON Lines
(`*.jsonl`, or --input-format jsonl) with the columns `text,label` (labels: sourced,
unsourced, inflammatory; other names with --text-column, --label-column), optionally
`article_id` and `split`. A `split` column puts its `train` rows in training and reports
on its `test` rows. Articles CSVs have `article_id,...,text`. Progress goes to stderr,
held-out metrics to stdout.

alpha (the L2 penalty): --alpha X wins; else --cv K; else 5-fold cross-validation over
0.01..3 when every label has at least 20 training rows; else 1, with a message. The
chosen alpha and the cross-validation scores are printed and recorded in the model.

Examples:
  claimscore train --data train.csv --out model.json
  claimscore train --data train.csv --test test.csv --out model.json
  claimscore train --data my-labels.csv --with-bundled-corpus --test-split 0.2 --out model.json
  claimscore train --data labels.tsv --tsv --text-column comment --label-column gold --out m.json
  claimscore train --data a.csv --data b.csv --articles articles.csv --test-split 0.2 \\
      --ngrams 1..3 --char-ngrams 3..5 --cv 5 --out model.json

Exit status:
  0  the model was written
  1  usage or fatal error (unreadable data, bad parameter, training failed)";

const EVAL_EXAMPLES: &str = "\
ECE is the expected calibration error of the most probable label over 10 equal-width bins
of its probability. --thresholds and --target-precision read the model's probability of
each label, one label against the rest, as `score --threshold` flags it.

Examples:
  claimscore eval --model model.json --data test.csv
  claimscore eval --data test.csv --articles articles.csv --json > metrics.json
  claimscore eval --data test.jsonl --text-column body --label-column gold
  # Precision and recall per threshold; the threshold where inflammatory reaches precision 0.9
  claimscore eval --data test.csv --thresholds --target-precision inflammatory=0.9
  claimscore eval --data test.csv --mistakes mistakes.csv

Exit status:
  0  success
  1  usage or fatal error";

const EXPLAIN_EXAMPLES: &str = "\
Examples:
  claimscore explain \"You absolute clown, read a book.\"
  claimscore explain --article article.txt \"The article says 40 people died.\"
  echo \"Per the BBC, turnout was 61%.\" | claimscore explain --json

Exit status:
  0  success
  1  usage or fatal error";

const INFO_EXAMPLES: &str = "\
Examples:
  claimscore info
  claimscore info --model model.json --json
  claimscore info --card          # the bundled model's card

Exit status:
  0  success
  1  usage or fatal error";

/// Labels news reader comments as sourced, unsourced or inflammatory.
#[derive(Debug, Parser)]
#[command(name = "claimscore", version, propagate_version = true, after_help = TOP_EXAMPLES)]
pub struct Cli {
    /// Print nothing on stderr except errors.
    #[arg(long, short, global = true)]
    pub quiet: bool,

    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Score a CSV of comments, streaming, in parallel; rows stay in input order.
    #[command(after_help = SCORE_EXAMPLES)]
    Score(ScoreArgs),
    /// Train a model from labeled CSVs and write the model file.
    #[command(after_help = TRAIN_EXAMPLES)]
    Train(TrainArgs),
    /// Evaluate a model on a labeled CSV: confusion matrix, precision/recall/F1, macro-F1,
    /// calibration error.
    #[command(after_help = EVAL_EXAMPLES)]
    Eval(EvalArgs),
    /// Explain one comment: label, probabilities, per-sentence verdicts, top n-grams.
    #[command(after_help = EXPLAIN_EXAMPLES)]
    Explain(ExplainArgs),
    /// Show a model's version, training data hash, labels, features and held-out metrics.
    #[command(after_help = INFO_EXAMPLES)]
    Info(InfoArgs),
    /// Print a shell completion script: `claimscore completions bash|zsh|fish|elvish|powershell`.
    #[command(after_help = COMPLETIONS_EXAMPLES)]
    Completions(CompletionsArgs),
}

const COMPLETIONS_EXAMPLES: &str = "\
Examples:
  claimscore completions bash > ~/.local/share/bash-completion/completions/claimscore
  claimscore completions zsh > ~/.zfunc/_claimscore     # with `fpath+=~/.zfunc` in ~/.zshrc
  claimscore completions fish > ~/.config/fish/completions/claimscore.fish

Exit status:
  0  success
  1  usage error";

/// `claimscore completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// How CSV fields are separated, for every command that reads CSV.
#[derive(Debug, Clone, Args)]
pub struct DelimiterArgs {
    /// CSV field delimiter: one character, or `\t` or `tab` (default: detected from the
    /// header: a comma, else the most frequent of tab, `;` and `|`; but one on which the
    /// header names the columns asked for).
    #[arg(long, short = 'd', value_name = "CHAR", value_parser = parse_delimiter)]
    pub delimiter: Option<u8>,
    /// Tab-separated input: the same as `--delimiter tab`.
    #[arg(long, conflicts_with = "delimiter")]
    pub tsv: bool,
}

impl DelimiterArgs {
    /// The delimiter given, or `None` to detect it.
    pub fn delimiter(&self) -> Option<u8> {
        if self.tsv { Some(b'\t') } else { self.delimiter }
    }
}

/// How `train` and `eval` read labeled files.
#[derive(Debug, Clone, Args)]
pub struct DataArgs {
    #[command(flatten)]
    pub delimiter: DelimiterArgs,
    /// Input format (default: jsonl for a file named `*.jsonl` or `*.ndjson`, else csv).
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<InputFormat>,
    /// Column (JSON key) holding the comment.
    #[arg(long, value_name = "COL", default_value = "text")]
    pub text_column: String,
    /// Column holding the label: sourced, unsourced or inflammatory.
    #[arg(long, value_name = "COL", default_value = "label")]
    pub label_column: String,
    /// Column holding each comment's article id, joined to --articles (optional column).
    #[arg(long, value_name = "COL", default_value = "article_id")]
    pub article_id_column: String,
}

impl DataArgs {
    /// The library's reading options for these flags.
    pub fn read_options(&self) -> claimscore::ReadOptions {
        let mut o = claimscore::ReadOptions::new()
            .text_column(&self.text_column)
            .label_column(&self.label_column)
            .article_id_column(&self.article_id_column);
        if let Some(d) = self.delimiter.delimiter() {
            o = o.delimiter(d);
        }
        match self.input_format {
            Some(InputFormat::Csv) => o.format(claimscore::DataFormat::Csv),
            Some(InputFormat::Jsonl) => o.format(claimscore::DataFormat::JsonLines),
            None => o,
        }
    }
}

/// How many significant digits probabilities get: `N` (1 to 17) or `full`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precision {
    /// This many significant digits.
    Digits(usize),
    /// The shortest text that reads back as the same `f64`.
    Full,
}

/// Output format of `score`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// CSV with a header row.
    Csv,
    /// One JSON object per line.
    Jsonl,
}

/// Input format of `score`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputFormat {
    /// CSV with a header row.
    Csv,
    /// One JSON object per line, no header; the columns are the first line's keys.
    Jsonl,
}

/// `claimscore score`.
#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// Model file (default: the bundled model).
    #[arg(long, short, value_name = "M")]
    pub model: Option<PathBuf>,
    /// Input CSV with a header row; `-` or omitted: stdin.
    #[arg(long, short, value_name = "IN")]
    pub input: Option<PathBuf>,
    /// Output file, written to a temporary file beside it and renamed at the end; `-` or
    /// omitted: stdout.
    #[arg(long, short, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Csv)]
    pub format: Format,
    /// Input format (default: jsonl for a file named `*.jsonl` or `*.ndjson`, else csv).
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<InputFormat>,
    #[command(flatten)]
    pub delimiter: DelimiterArgs,
    /// Significant digits of the probabilities (1 to 17), or `full`: the shortest text
    /// that reads back as the same 64-bit float (up to 17 digits).
    #[arg(long, value_name = "N", default_value = "4", value_parser = parse_precision)]
    pub precision: Precision,
    /// Echo only these input columns (comma-separated, in this order) before the added ones.
    #[arg(long, value_name = "COLS", value_delimiter = ',')]
    pub keep: Option<Vec<String>>,
    /// Print the output columns (`name<TAB>type`, one per line) and exit; input columns
    /// are listed only with --keep.
    #[arg(long)]
    pub schema: bool,
    /// Column holding the comment.
    #[arg(long, value_name = "COL", default_value = "text")]
    pub text_column: String,
    /// Column naming each row in messages (default: `id`, when there is one).
    #[arg(long, value_name = "COL")]
    pub id_column: Option<String>,
    /// Column holding the text of the article each comment answers.
    #[arg(long, value_name = "COL", conflicts_with = "articles")]
    pub article_column: Option<String>,
    /// Articles CSV (`article_id,...,text`), joined to the rows by --article-id-column.
    #[arg(long, value_name = "FILE")]
    pub articles: Option<PathBuf>,
    /// Column of the input holding the article id, with --articles.
    #[arg(long, value_name = "COL", default_value = "article_id", requires = "articles")]
    pub article_id_column: String,
    /// Add a `claims` column: a JSON list of per-sentence verdicts.
    #[arg(long)]
    pub claims: bool,
    /// Add an `explanation` column: the K features that push hardest towards the label.
    #[arg(long, value_name = "K")]
    pub explain: Option<usize>,
    /// Worker threads (default: one per core).
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,
    /// Write rows that cannot be scored to this CSV instead of the output.
    #[arg(long, value_name = "FILE")]
    pub errors: Option<PathBuf>,
    /// Stop at the first row that cannot be scored (exit status 2).
    #[arg(long)]
    pub strict: bool,
    /// Exit 0 when some rows could not be scored (they are written with an `error`);
    /// fatal errors still exit 1. For pipe stages such as Spark's `RDD.pipe`.
    #[arg(long, conflicts_with = "strict")]
    pub no_fail_on_row_errors: bool,
    /// Longest text scored, in bytes; longer ones are row errors.
    #[arg(long, value_name = "BYTES", default_value_t = 1 << 20)]
    pub max_text_bytes: usize,
    /// Add a `<LABEL>_flag` column, true where the label's probability is at least P;
    /// repeatable, or comma-separated (e.g. `inflammatory=0.7`). Pick P with `claimscore
    /// eval --thresholds`. The label is unchanged.
    #[arg(long, value_name = "LABEL=P", value_delimiter = ',', value_parser = parse_label_value)]
    pub threshold: Vec<(Label, f64)>,
    /// Add a `needs_review` column, true where a probability is in LOW <= p < HIGH: the
    /// label's own probability (`0.4..0.6`, an unsure verdict) or a named label's
    /// (`inflammatory=0.5..0.8`); repeatable, any band counts.
    #[arg(long, value_name = "[LABEL=]LOW..HIGH", value_delimiter = ',', value_parser = parse_band)]
    pub review: Vec<ReviewBand>,
    /// Rows scored per parallel chunk.
    #[arg(long, value_name = "N", default_value_t = 8192, hide = true)]
    pub chunk_rows: usize,
}

/// A value of `--class-weight`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ClassWeightArg {
    /// Rows weigh `n / (labels x rows with the label)`.
    Balanced,
    /// Every row weighs 1.
    None,
}

/// A value of `--solver`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SolverArg {
    /// L-BFGS over a sparse matrix.
    Sparse,
    /// linfa's logistic regression on a dense copy (slow; no class weights).
    Linfa,
}

/// `claimscore train`.
#[derive(Debug, Args)]
pub struct TrainArgs {
    /// Training file (`text,label[,article_id][,split]`, CSV or JSON Lines); repeat to
    /// combine files.
    #[arg(long, value_name = "TRAIN.csv", required = true)]
    pub data: Vec<PathBuf>,
    #[command(flatten)]
    pub read: DataArgs,
    /// Also train on the bundled corpus's train split (3,589 labeled comments on 36
    /// articles, compiled into the binary): adapts the corpus to your labels rather than
    /// replacing it. Held-out sets are taken from your data only.
    #[arg(long)]
    pub with_bundled_corpus: bool,
    /// Articles CSV (`article_id,...,text`); repeatable.
    #[arg(long, value_name = "A.csv")]
    pub articles: Vec<PathBuf>,
    /// Where to write the model file.
    #[arg(long, value_name = "MODEL")]
    pub out: PathBuf,
    /// Held-out file to evaluate on (recorded in the model's metadata).
    #[arg(long, value_name = "TEST.csv", conflicts_with = "test_split")]
    pub test: Option<PathBuf>,
    /// Hold out this fraction of the data (whole articles when every row has one) to
    /// evaluate on; the model is trained on the rest.
    #[arg(long, value_name = "FRACTION")]
    pub test_split: Option<f64>,
    /// Word n-gram range, e.g. `1..2` (library default) or `1..3`.
    #[arg(long, value_name = "LO..HI", value_parser = parse_range)]
    pub ngrams: Option<(usize, usize)>,
    /// Character n-gram range, e.g. `3..5` (default: none).
    #[arg(long, value_name = "LO..HI", value_parser = parse_range)]
    pub char_ngrams: Option<(usize, usize)>,
    /// Minimum number of documents a term must occur in (default 2).
    #[arg(long, value_name = "N")]
    pub min_df: Option<usize>,
    /// Keep only the N most frequent word n-grams (default: all).
    #[arg(long, value_name = "N")]
    pub max_features: Option<usize>,
    /// L2 penalty (default: cross-validated when every label has enough rows, else 1).
    #[arg(long, value_name = "X", conflicts_with = "cv")]
    pub alpha: Option<f64>,
    /// Choose the penalty by K-fold cross-validation (default 5 when the data allows).
    #[arg(long, value_name = "K")]
    pub cv: Option<usize>,
    /// Row weighting (default: balanced; none with --solver linfa).
    #[arg(long, value_enum)]
    pub class_weight: Option<ClassWeightArg>,
    /// Optimiser.
    #[arg(long, value_enum, default_value_t = SolverArg::Sparse)]
    pub solver: SolverArg,
    /// Seed for the held-out split, cross-validation folds and article dropout.
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
    /// Version string recorded in the model (default: derived from the data's hash).
    #[arg(long, value_name = "V")]
    pub model_version: Option<String>,
}

/// `claimscore eval`.
#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Model file (default: the bundled model).
    #[arg(long, short, value_name = "M")]
    pub model: Option<PathBuf>,
    /// Labeled file (`text,label[,article_id]`, CSV or JSON Lines); repeat to combine files.
    #[arg(long, value_name = "TEST.csv", required = true)]
    pub data: Vec<PathBuf>,
    #[command(flatten)]
    pub read: DataArgs,
    /// Articles CSV (`article_id,...,text`), to score each comment with its article.
    #[arg(long, value_name = "A.csv")]
    pub articles: Vec<PathBuf>,
    /// Print the metrics as JSON.
    #[arg(long)]
    pub json: bool,
    /// Also print precision and recall of each label when flagged at each threshold
    /// 0.05, 0.10, ..., 0.95 (with --json: each label's whole precision-recall curve).
    #[arg(long, alias = "curve")]
    pub thresholds: bool,
    /// Print the lowest threshold at which LABEL reaches precision P on this data (the
    /// most recall at that precision); repeatable, or comma-separated.
    #[arg(long, value_name = "LABEL=P", value_delimiter = ',', value_parser = parse_label_value)]
    pub target_precision: Vec<(Label, f64)>,
    /// Write the misclassified rows to this CSV, in file order:
    /// `file,row,line,id,text,label,predicted` and the three probabilities. `row` counts
    /// a CSV's header as row 1 and each record as one row (in JSON Lines, its line);
    /// `line` is the line the row starts on.
    #[arg(long, value_name = "FILE")]
    pub mistakes: Option<PathBuf>,
}

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// When stdout is a terminal and NO_COLOR is unset.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// `claimscore explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// Model file (default: the bundled model).
    #[arg(long, short, value_name = "M")]
    pub model: Option<PathBuf>,
    /// A text file with the article the comment answers.
    #[arg(long, value_name = "FILE")]
    pub article: Option<PathBuf>,
    /// Number of features shown per label.
    #[arg(long, short = 'k', value_name = "K", default_value_t = 5)]
    pub top: usize,
    /// Print the explanation and per-sentence verdicts as JSON.
    #[arg(long)]
    pub json: bool,
    /// Colour the highlighted spans.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// The comment; `-` or omitted: read it from stdin.
    #[arg(value_name = "TEXT")]
    pub text: Option<String>,
}

/// `claimscore info`.
#[derive(Debug, Args)]
pub struct InfoArgs {
    /// Model file (default: the bundled model).
    #[arg(long, short, value_name = "M")]
    pub model: Option<PathBuf>,
    /// Print as JSON.
    #[arg(long)]
    pub json: bool,
    /// Print the bundled model card (models/README.md) and exit.
    #[arg(long, conflicts_with_all = ["model", "json"])]
    pub card: bool,
}

/// Parses `LABEL=P` with P a probability in [0, 1].
fn parse_label_value(s: &str) -> Result<(Label, f64), String> {
    let (label, p) = s
        .split_once('=')
        .ok_or_else(|| format!("{s:?} is not LABEL=P, e.g. inflammatory=0.7"))?;
    let label: Label = label.parse().map_err(|e: claimscore::Error| e.to_string())?;
    let p: f64 = p
        .trim()
        .parse()
        .map_err(|_| format!("{p:?} in {s:?} is not a number"))?;
    if !(0.0..=1.0).contains(&p) {
        return Err(format!("{p} in {s:?} is not a probability in [0, 1]"));
    }
    Ok((label, p))
}

/// Parses a review band, `LOW..HIGH` or `LABEL=LOW..HIGH`.
fn parse_band(s: &str) -> Result<ReviewBand, String> {
    s.parse().map_err(|e: claimscore::Error| e.to_string())
}

/// Parses a delimiter: one ASCII character, or `\t` / `tab`.
fn parse_delimiter(s: &str) -> Result<u8, String> {
    match s {
        "\\t" | "\t" | "tab" => Ok(b'\t'),
        _ if s.len() == 1 && s.is_ascii() && !matches!(s, "\"" | "\n" | "\r") => Ok(s.as_bytes()[0]),
        _ => Err(format!(
            "{s:?} is not a delimiter: give one ASCII character other than a quote or newline, e.g. ';', or tab"
        )),
    }
}

/// Parses `--precision`: 1 to 17 significant digits, or `full`.
fn parse_precision(s: &str) -> Result<Precision, String> {
    if s == "full" {
        return Ok(Precision::Full);
    }
    match s.parse::<usize>() {
        Ok(n @ 1..=17) => Ok(Precision::Digits(n)),
        _ => Err(format!("{s:?}: give 1 to 17 significant digits, or `full`")),
    }
}

/// Parses `LO..HI`, `LO..=HI`, `LO-HI` or `N` (meaning `N..N`), inclusive.
fn parse_range(s: &str) -> Result<(usize, usize), String> {
    let bad = || format!("{s:?} is not a range like 1..2");
    let (lo, hi) = if let Some((lo, hi)) = s
        .split_once("..=")
        .or_else(|| s.split_once(".."))
        .or_else(|| s.split_once('-'))
    {
        (lo, hi)
    } else {
        (s, s)
    };
    let lo: usize = lo.trim().parse().map_err(|_| bad())?;
    let hi: usize = hi.trim().parse().map_err(|_| bad())?;
    if lo == 0 || lo > hi {
        return Err(format!("{s:?}: need 1 <= LO <= HI"));
    }
    Ok((lo, hi))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn delimiters_and_precisions() {
        assert_eq!(parse_delimiter(";"), Ok(b';'));
        assert_eq!(parse_delimiter("tab"), Ok(b'\t'));
        assert_eq!(parse_delimiter("\\t"), Ok(b'\t'));
        assert_eq!(parse_delimiter("\t"), Ok(b'\t'));
        assert!(parse_delimiter(";;").is_err());
        assert!(parse_delimiter("\"").is_err());
        assert!(parse_delimiter("é").is_err());
        assert_eq!(parse_precision("4"), Ok(Precision::Digits(4)));
        assert_eq!(parse_precision("full"), Ok(Precision::Full));
        assert!(parse_precision("0").is_err());
        assert!(parse_precision("18").is_err());
        let cli = Cli::try_parse_from(["claimscore", "score", "--tsv"]).unwrap();
        let Command::Score(a) = cli.command else { panic!() };
        assert_eq!(
            (a.delimiter.delimiter(), a.precision),
            (Some(b'\t'), Precision::Digits(4))
        );
        assert!(Cli::try_parse_from(["claimscore", "score", "--tsv", "-d", ";"]).is_err());
    }

    #[test]
    fn ranges() {
        assert_eq!(parse_range("1..2"), Ok((1, 2)));
        assert_eq!(parse_range("3..=5"), Ok((3, 5)));
        assert_eq!(parse_range("2-4"), Ok((2, 4)));
        assert_eq!(parse_range("2"), Ok((2, 2)));
        assert!(parse_range("2..1").is_err());
        assert!(parse_range("0..1").is_err());
        assert!(parse_range("a..b").is_err());
    }

    #[test]
    fn label_values() {
        assert_eq!(parse_label_value("inflammatory=0.7"), Ok((Label::Inflammatory, 0.7)));
        assert!(parse_label_value("inflammatory").is_err());
        assert!(parse_label_value("toxic=0.5").unwrap_err().contains("toxic"));
        assert!(parse_label_value("sourced=1.5").unwrap_err().contains("probability"));
        assert!(parse_band("0.5..0.4").is_err());
        assert_eq!(parse_band("0.4..0.6").unwrap().high(), 0.6);
    }
}
