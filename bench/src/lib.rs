//! Cultivator's load generators: each drives a real server on a given
//! database and prints what it measured. Kept out of the server so the
//! server does not carry an HTTP client it never uses.

pub mod certificates;
pub mod cli;
pub mod dashboard;
pub mod pages;
pub mod progress;
pub mod register_burst;

use std::time::Duration;

/// The `p` quantile (0.0–1.0) of latencies sorted ascending; zero for none.
fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}
