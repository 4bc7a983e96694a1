//! Multinomial logistic regression solvers.
//!
//! Both minimise linfa-logistic's objective
//! `sum_i w_i * CE(softmax(x_i W + b), y_i) + alpha / 2 * |W|^2` (intercept `b` not
//! penalised) with argmin's L-BFGS (memory 10) and More-Thuente line search, stopping when
//! the L2 norm of the gradient falls below `gradient_tolerance` or after `max_iterations`.
//! [`solve_sparse`] works on a CSR matrix and takes sample weights; [`solve_linfa`] hands a
//! dense copy to `linfa_logistic::MultiLogisticRegression` and is kept as the reference.

use std::sync::Mutex;

use argmin::core::{CostFunction, Executor, Gradient, State, TerminationReason, TerminationStatus};
use argmin::solver::linesearch::MoreThuenteLineSearch;
use argmin::solver::quasinewton::LBFGS;
use ndarray::{Array1, Array2};
use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::sparse::SparseVec;

/// Compressed sparse rows.
#[derive(Debug, Clone, Default)]
pub(crate) struct Csr {
    pub n_cols: usize,
    pub indptr: Vec<usize>,
    pub indices: Vec<u32>,
    pub values: Vec<f64>,
}

impl Csr {
    pub fn from_rows(rows: &[SparseVec], n_cols: usize) -> Self {
        let mut m = Csr {
            n_cols,
            indptr: Vec::with_capacity(rows.len() + 1),
            ..Csr::default()
        };
        m.indptr.push(0);
        for r in rows {
            m.indices.extend_from_slice(&r.indices);
            m.values.extend_from_slice(&r.values);
            m.indptr.push(m.indices.len());
        }
        m
    }

    pub fn n_rows(&self) -> usize {
        self.indptr.len() - 1
    }

    fn row(&self, i: usize) -> (&[u32], &[f64]) {
        let r = self.indptr[i]..self.indptr[i + 1];
        (&self.indices[r.clone()], &self.values[r])
    }

    /// The transpose (equivalently, this matrix in compressed sparse columns).
    fn transpose(&self) -> Csr {
        let mut counts = vec![0usize; self.n_cols + 1];
        for &j in &self.indices {
            counts[j as usize + 1] += 1;
        }
        for j in 0..self.n_cols {
            counts[j + 1] += counts[j];
        }
        let mut next = counts.clone();
        let mut indices = vec![0u32; self.indices.len()];
        let mut values = vec![0.0; self.values.len()];
        for i in 0..self.n_rows() {
            let (cols, vals) = self.row(i);
            for (&j, &v) in cols.iter().zip(vals) {
                let at = &mut next[j as usize];
                indices[*at] = i as u32;
                values[*at] = v;
                *at += 1;
            }
        }
        Csr {
            n_cols: self.n_rows(),
            indptr: counts,
            indices,
            values,
        }
    }

    pub fn to_dense(&self) -> Array2<f64> {
        let mut d = Array2::zeros((self.n_rows(), self.n_cols));
        for i in 0..self.n_rows() {
            let (cols, vals) = self.row(i);
            for (&j, &v) in cols.iter().zip(vals) {
                d[(i, j as usize)] = v;
            }
        }
        d
    }
}

/// Solver settings shared by both solvers.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SolverSettings {
    pub alpha: f64,
    pub max_iterations: u64,
    pub gradient_tolerance: f64,
}

/// A fitted linear model: `weights` is `n_features x n_classes`, row-major.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Fit {
    pub weights: Array2<f64>,
    pub intercepts: Array1<f64>,
    pub iterations: u64,
    pub converged: bool,
}

/// A point and the cost and gradient there.
type Evaluation = (Array1<f64>, f64, Array1<f64>);

/// The objective over a CSR matrix. Cost and gradient share one pass; argmin asks for
/// them separately at the same point, so the last evaluation is cached.
struct SparseProblem<'a> {
    x: &'a Csr,
    xt: Csr,
    y: &'a [usize],
    sample_weight: &'a [f64],
    n_classes: usize,
    alpha: f64,
    cache: Mutex<Option<Evaluation>>,
}

impl SparseProblem<'_> {
    fn evaluate(&self, p: &Array1<f64>) -> (f64, Array1<f64>) {
        if let Some((q, c, g)) = self.cache.lock().expect("cache lock").as_ref() {
            if q == p {
                return (*c, g.clone());
            }
        }
        let k = self.n_classes;
        let nf = self.x.n_cols;
        let w = p.as_slice().expect("contiguous parameters");
        let b = &w[nf * k..];
        // diff[i, c] = w_i * (p_ic - [y_i = c]); loss[i] = w_i * (lse_i - h_{i, y_i}).
        let mut diff = vec![0.0; self.x.n_rows() * k];
        let mut loss = vec![0.0; self.x.n_rows()];
        diff.par_chunks_mut(k)
            .zip(loss.par_iter_mut())
            .with_min_len(512)
            .enumerate()
            .for_each(|(i, (d, l))| {
                let (cols, vals) = self.x.row(i);
                d.copy_from_slice(b);
                for (&j, &v) in cols.iter().zip(vals) {
                    let row = &w[j as usize * k..j as usize * k + k];
                    d.iter_mut().zip(row).for_each(|(h, wj)| *h += v * wj);
                }
                let max = d.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                let sum: f64 = d.iter().map(|h| (h - max).exp()).sum();
                let lse = max + sum.ln();
                let sw = self.sample_weight[i];
                *l = sw * (lse - d[self.y[i]]);
                d.iter_mut().for_each(|h| *h = sw * (*h - lse).exp());
                d[self.y[i]] -= sw;
            });
        let penalty: f64 = w[..nf * k].iter().map(|v| v * v).sum();
        let cost = loss.iter().sum::<f64>() + 0.5 * self.alpha * penalty;
        let mut grad = vec![0.0; w.len()];
        let (gw, gb) = grad.split_at_mut(nf * k);
        gw.par_chunks_mut(k).with_min_len(2048).enumerate().for_each(|(j, g)| {
            let (rows, vals) = self.xt.row(j);
            for (&i, &v) in rows.iter().zip(vals) {
                let d = &diff[i as usize * k..i as usize * k + k];
                g.iter_mut().zip(d).for_each(|(g, d)| *g += v * d);
            }
            g.iter_mut()
                .zip(&w[j * k..j * k + k])
                .for_each(|(g, w)| *g += self.alpha * w);
        });
        for d in diff.chunks(k) {
            gb.iter_mut().zip(d).for_each(|(g, d)| *g += d);
        }
        let grad = Array1::from(grad);
        *self.cache.lock().expect("cache lock") = Some((p.clone(), cost, grad.clone()));
        (cost, grad)
    }
}

impl CostFunction for SparseProblem<'_> {
    type Param = Array1<f64>;
    type Output = f64;

    fn cost(&self, p: &Self::Param) -> std::result::Result<f64, argmin::core::Error> {
        Ok(self.evaluate(p).0)
    }
}

impl Gradient for SparseProblem<'_> {
    type Param = Array1<f64>;
    type Gradient = Array1<f64>;

    fn gradient(&self, p: &Self::Param) -> std::result::Result<Array1<f64>, argmin::core::Error> {
        Ok(self.evaluate(p).1)
    }
}

/// Fits on a CSR matrix; `y` holds class indices `0..n_classes`.
pub(crate) fn solve_sparse(
    x: &Csr,
    y: &[usize],
    sample_weight: &[f64],
    n_classes: usize,
    s: SolverSettings,
) -> Result<Fit> {
    let problem = SparseProblem {
        x,
        xt: x.transpose(),
        y,
        sample_weight,
        n_classes,
        alpha: s.alpha,
        cache: Mutex::new(None),
    };
    let init = Array1::zeros((x.n_cols + 1) * n_classes);
    let solver = LBFGS::new(MoreThuenteLineSearch::new(), 10)
        .with_tolerance_grad(s.gradient_tolerance)
        .map_err(Error::solver)?;
    let res = Executor::new(problem, solver)
        .configure(|state| state.param(init).max_iters(s.max_iterations))
        .run()
        .map_err(Error::solver)?;
    let state = res.state();
    let converged = matches!(
        state.get_termination_status(),
        TerminationStatus::Terminated(TerminationReason::SolverConverged)
    );
    let iterations = state.get_iter();
    let best = state
        .get_best_param()
        .ok_or_else(|| Error::solver("no parameters after optimisation"))?;
    let mut full = best
        .clone()
        .into_shape_with_order((x.n_cols + 1, n_classes))
        .map_err(Error::solver)?;
    let intercepts = full.row(x.n_cols).to_owned();
    full = full.slice_move(ndarray::s![..x.n_cols, ..]);
    Ok(Fit {
        weights: full,
        intercepts,
        iterations,
        converged,
    })
}

/// Fits with `linfa_logistic::MultiLogisticRegression` on a dense copy of `x`.
pub(crate) fn solve_linfa(x: &Csr, y: &[usize], n_classes: usize, s: SolverSettings) -> Result<Fit> {
    use linfa::traits::Fit as _;
    use linfa_logistic::MultiLogisticRegression;
    let dataset = linfa::Dataset::new(x.to_dense(), Array1::from(y.to_vec()));
    let fitted = MultiLogisticRegression::default()
        .alpha(s.alpha)
        .max_iterations(s.max_iterations)
        .gradient_tolerance(s.gradient_tolerance)
        .fit(&dataset)
        .map_err(Error::solver)?;
    if fitted.classes() != (0..n_classes).collect::<Vec<_>>() {
        return Err(Error::solver("linfa returned an unexpected class order"));
    }
    Ok(Fit {
        weights: fitted.params().clone(),
        intercepts: fitted.intercept().clone(),
        // linfa-logistic does not report how its solver ended.
        iterations: s.max_iterations,
        converged: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toy() -> (Csr, Vec<usize>) {
        let rows: Vec<SparseVec> = (0..60)
            .map(|i| {
                let c = i % 3;
                let noise = ((i * 7919) % 13) as f64 / 13.0;
                SparseVec {
                    indices: vec![c as u32, 3, 4 + (i % 2) as u32],
                    values: vec![1.0 + noise, 0.5 - noise * 0.3, 0.2 + 0.1 * c as f64],
                }
            })
            .collect();
        let y = (0..60).map(|i| if i % 11 == 0 { (i + 1) % 3 } else { i % 3 }).collect();
        (Csr::from_rows(&rows, 6), y)
    }

    #[test]
    fn transpose_round_trips() {
        let (x, _) = toy();
        let t = x.transpose();
        assert_eq!(t.transpose().to_dense(), x.to_dense());
        assert_eq!(t.to_dense(), x.to_dense().t());
    }

    #[test]
    fn sparse_solver_matches_linfa() {
        let (x, y) = toy();
        let s = SolverSettings {
            alpha: 0.5,
            max_iterations: 100,
            gradient_tolerance: 1e-8,
        };
        let sparse = solve_sparse(&x, &y, &vec![1.0; y.len()], 3, s).unwrap();
        let linfa = solve_linfa(&x, &y, 3, s).unwrap();
        assert!(sparse.converged);
        for (a, b) in sparse.weights.iter().zip(linfa.weights.iter()) {
            assert!((a - b).abs() < 1e-5, "{a} vs {b}");
        }
        for (a, b) in sparse.intercepts.iter().zip(linfa.intercepts.iter()) {
            assert!((a - b).abs() < 1e-5, "{a} vs {b}");
        }
    }

    #[test]
    fn gradient_matches_finite_differences() {
        let (x, y) = toy();
        let sw: Vec<f64> = (0..y.len()).map(|i| 0.5 + (i % 4) as f64 * 0.25).collect();
        let p = SparseProblem {
            x: &x,
            xt: x.transpose(),
            y: &y,
            sample_weight: &sw,
            n_classes: 3,
            alpha: 0.3,
            cache: Mutex::new(None),
        };
        let w = Array1::from_iter((0..21).map(|i| ((i * 37) % 11) as f64 / 10.0 - 0.5));
        let (_, g) = p.evaluate(&w);
        for k in 0..w.len() {
            let h = 1e-6;
            let mut a = w.clone();
            a[k] += h;
            let mut b = w.clone();
            b[k] -= h;
            let fd = (p.evaluate(&a).0 - p.evaluate(&b).0) / (2.0 * h);
            assert!((fd - g[k]).abs() < 1e-5, "param {k}: {fd} vs {}", g[k]);
        }
    }
}
