//! Data that is loaded rather than entered: the region tree from CSV, the demo
//! data set (small, then in motion), and a national-scale data set for
//! benchmarks.

pub mod bulk;
pub mod demo;
pub mod demo_activity;
pub mod demo_media;
pub mod demo_platforms;
pub mod demo_scale;
pub mod region_tree;
