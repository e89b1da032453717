//! The integrity report (异常学习报告): what looks manufactured, recorded as
//! it happens and listed for coordinators. `rules` decides what counts as
//! suspicious (pure functions), `record` writes flags inside the
//! transactions of the events that raise them, and `report` lists and
//! exports them within a coordinator's scope.

pub mod record;
pub mod report;
pub mod rules;
