//! Throughput and latency of the scoring path, model loading and training.
//!
//! Run from the repository root:
//!
//! ```text
//! cargo bench --bench throughput                 # all benches, about 1.5 minutes on 2 cores
//! cargo bench --bench throughput -- --quick      # a rougher, faster pass
//! cargo bench --bench throughput -- one_comment  # only the benches whose id matches
//! ```
//!
//! Each scoring bench runs twice: as named, timed by the clock (criterion's default), and
//! under `cpu/` timed by the CPU time of the process (user + system, all threads, from
//! `getrusage`), which other jobs on a shared machine disturb much less. Training and model
//! loading run under wall time only.
//!
//! All data comes from the bundled corpus (`datasets/`); it is built before the timed
//! closures, and each closure asserts a sanity value so the work cannot be optimised away.
//! The batch benches use rayon's global pool: set `RAYON_NUM_THREADS` to pin the count.

use std::hint::black_box;
use std::time::Duration;

use claimscore::{Classifier, DEFAULT_MODEL, Dataset, Example, TrainParams, unsupported_language};
use criterion::measurement::{Measurement, ValueFormatter};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const BATCH: usize = 10_000;
const TARGET_WORDS: usize = 40;

struct Corpus {
    train: Dataset,
    test: Dataset,
}

impl Corpus {
    fn load() -> Corpus {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/datasets");
        let (train, test) = Dataset::read_corpus(dir).expect("the bundled corpus reads");
        Corpus { train, test }
    }

    fn all(&self) -> impl Iterator<Item = (&Dataset, &Example)> {
        let train = self.train.examples().iter().map(|e| (&self.train, e));
        let test = self.test.examples().iter().map(|e| (&self.test, e));
        train.chain(test)
    }

    /// The first comment with exactly `TARGET_WORDS` whitespace-separated words (the
    /// closest length when none has exactly that many), with its article.
    fn typical(&self) -> (&str, &str) {
        let (data, e) = self
            .all()
            .filter(|(d, e)| d.article_of(e).is_some())
            .min_by_key(|(_, e)| e.text.split_whitespace().count().abs_diff(TARGET_WORDS))
            .expect("the corpus has comments with articles");
        (&e.text, data.article_of(e).expect("filtered on having an article"))
    }

    /// `BATCH` comments with their articles, cycling through the corpus.
    fn batch(&self) -> Vec<(&str, Option<&str>)> {
        let all: Vec<_> = self.all().map(|(d, e)| (e.text.as_str(), d.article_of(e))).collect();
        all.iter().copied().cycle().take(BATCH).collect()
    }
}

/// CPU time of this process (user + system, every thread), in nanoseconds.
struct CpuTime;

fn cpu_nanos() -> f64 {
    // SAFETY: getrusage fills the struct it is given; an all-zero rusage is valid.
    #[allow(unsafe_code)]
    let u = unsafe {
        let mut u: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_SELF, &mut u);
        u
    };
    let t = |v: libc::timeval| v.tv_sec as f64 * 1e9 + v.tv_usec as f64 * 1e3;
    t(u.ru_utime) + t(u.ru_stime)
}

impl Measurement for CpuTime {
    type Intermediate = f64;
    type Value = f64;
    fn start(&self) -> f64 {
        cpu_nanos()
    }
    fn end(&self, start: f64) -> f64 {
        cpu_nanos() - start
    }
    fn add(&self, a: &f64, b: &f64) -> f64 {
        a + b
    }
    fn zero(&self) -> f64 {
        0.0
    }
    fn to_f64(&self, v: &f64) -> f64 {
        *v
    }
    fn formatter(&self) -> &dyn ValueFormatter {
        &CpuFormatter
    }
}

/// Nanoseconds of CPU time shown as `ns`..`s` of CPU, throughputs per CPU-second.
struct CpuFormatter;

impl ValueFormatter for CpuFormatter {
    fn scale_values(&self, typical: f64, values: &mut [f64]) -> &'static str {
        let (factor, unit) = match typical {
            t if t < 1e3 => (1.0, "ns cpu"),
            t if t < 1e6 => (1e-3, "µs cpu"),
            t if t < 1e9 => (1e-6, "ms cpu"),
            _ => (1e-9, "s cpu"),
        };
        values.iter_mut().for_each(|v| *v *= factor);
        unit
    }
    fn scale_throughputs(&self, _typical: f64, throughput: &Throughput, values: &mut [f64]) -> &'static str {
        // values are nanoseconds per iteration; shown per CPU-second.
        let (per_iter, unit) = match throughput {
            Throughput::Bytes(b) | Throughput::BytesDecimal(b) => (*b as f64 / 1e6, "MB/cpu-s"),
            Throughput::Elements(e) => (*e as f64, "elem/cpu-s"),
        };
        values.iter_mut().for_each(|v| *v = per_iter * 1e9 / *v);
        unit
    }
    fn scale_for_machines(&self, _values: &mut [f64]) -> &'static str {
        "ns cpu"
    }
}

fn single_comment<M: Measurement>(c: &mut Criterion<M>, corpus: &Corpus, prefix: &str) {
    let model = Classifier::default_model();
    let (text, article) = corpus.typical();
    let bare = model.classify(text);
    let with_article = model.classify((text, article));

    let mut g = c.benchmark_group(format!("{prefix}one_comment"));
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function(format!("scores/{}B", text.len()), |b| {
        b.iter(|| {
            let s = model.scores(black_box(text));
            assert_eq!(s.max().0, bare.label);
            s
        })
    });
    g.bench_function(format!("classify/{}B", text.len()), |b| {
        b.iter(|| {
            let v = model.classify(black_box(text));
            assert_eq!(v.label, bare.label);
            v
        })
    });
    g.bench_function(format!("classify_with_article/{}B", text.len()), |b| {
        b.iter(|| {
            let v = model.classify((black_box(text), black_box(article)));
            assert_eq!(v.label, with_article.label);
            v
        })
    });
    g.finish();
}

/// Language detection alone (it runs inside every `classify`): a 40-word English comment,
/// which stops at whichlang, and a 40-word German one, which goes on to whatlang.
fn language(c: &mut Criterion, corpus: &Corpus) {
    let (english, _) = corpus.typical();
    let german = "Laut einem Bericht der Süddeutschen Zeitung hat die Regierung gestern beschlossen, \
                  die Steuern für kleine Unternehmen im nächsten Jahr deutlich zu senken, obwohl \
                  viele Experten davor warnen, dass die Staatskasse das kaum verkraften kann und \
                  am Ende die Bürger zahlen.";
    assert_eq!(german.split_whitespace().count(), TARGET_WORDS);
    let mut g = c.benchmark_group("language");
    for (name, text, want) in [("english", english, None), ("german", german, Some("deu"))] {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(format!("unsupported_language/{name}/{}B", text.len()), |b| {
            b.iter(|| {
                let l = unsupported_language(black_box(text));
                assert_eq!(l, want);
                l
            })
        });
    }
    g.finish();
}

fn batches<M: Measurement>(c: &mut Criterion<M>, corpus: &Corpus, prefix: &str) {
    let model = Classifier::default_model();
    let items = corpus.batch();
    let texts: Vec<&str> = items.iter().map(|(t, _)| *t).collect();
    let bytes: u64 = texts.iter().map(|t| t.len() as u64).sum();

    let mut g = c.benchmark_group(format!("{prefix}batch_10k"));
    g.sample_size(10).measurement_time(Duration::from_secs(5));
    // Criterion 0.5 takes one throughput per bench, so each batch is measured twice:
    // once reported in comments/s, once in bytes/s.
    for (unit, throughput) in [
        ("elements", Throughput::Elements(BATCH as u64)),
        ("bytes", Throughput::Bytes(bytes)),
    ] {
        g.throughput(throughput);
        g.bench_function(format!("classify_batch/{unit}"), |b| {
            b.iter(|| {
                let v = model.classify_batch(black_box(&texts));
                assert_eq!(v.len(), BATCH);
                v
            })
        });
        // Named for the method it measured first (now `scores_batch` of (text, article) pairs).
        g.bench_function(format!("scores_batch_with_articles/{unit}"), |b| {
            b.iter(|| {
                let v = model.scores_batch(black_box(&items).iter().copied());
                assert_eq!(v.len(), BATCH);
                v
            })
        });
    }
    g.finish();
}

fn model_load(c: &mut Criterion) {
    let n_features = Classifier::default_model().n_features();
    let mut g = c.benchmark_group("model");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(DEFAULT_MODEL.len() as u64));
    g.bench_function("from_bytes", |b| {
        b.iter(|| {
            let m = Classifier::from_bytes(black_box(DEFAULT_MODEL)).expect("the bundled model parses");
            assert_eq!(m.n_features(), n_features);
            m
        })
    });
    g.finish();
}

fn training(c: &mut Criterion, corpus: &Corpus) {
    // The default model's featurizer and penalty without the cross-validation search
    // (which would multiply the time by folds x grid).
    let params = TrainParams::new()
        .word_ngrams(1, 2)
        .min_df(2)
        .check()
        .expect("valid params");
    let bytes: u64 = corpus.train.examples().iter().map(|e| e.text.len() as u64).sum();
    let mut g = c.benchmark_group("train");
    g.sample_size(10).measurement_time(Duration::from_secs(8));
    g.throughput(Throughput::Elements(corpus.train.len() as u64));
    g.bench_function(
        format!("corpus_train_split/{}_comments_{}kB", corpus.train.len(), bytes / 1000),
        |b| {
            b.iter(|| {
                let m = params.fit(black_box(&corpus.train)).expect("training succeeds");
                assert!(m.n_features() > 1000);
                m
            })
        },
    );
    g.finish();
}

fn benches(c: &mut Criterion) {
    let corpus = Corpus::load();
    single_comment(c, &corpus, "");
    language(c, &corpus);
    batches(c, &corpus, "");
    model_load(c);
    training(c, &corpus);
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
}

/// The scoring benches again, timed by CPU time.
fn cpu_benches(c: &mut Criterion<CpuTime>) {
    let corpus = Corpus::load();
    single_comment(c, &corpus, "cpu/");
    batches(c, &corpus, "cpu/");
}

criterion_group! {
    name = throughput;
    config = config();
    targets = benches
}
criterion_group! {
    name = cpu;
    config = config().with_measurement(CpuTime);
    targets = cpu_benches
}
criterion_main!(throughput, cpu);
