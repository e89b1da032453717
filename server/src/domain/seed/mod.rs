//! Data that is loaded rather than entered: the region tree from CSV, the demo
//! data set, and a national-scale data set for benchmarks.

pub mod demo;
pub mod demo_scale;
pub mod region_tree;
