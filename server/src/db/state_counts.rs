//! How many rows of a table are in each of its states: the job and import
//! gauges of `/metrics`.

use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QuerySelect};

/// `(state, rows)` for every state `column` holds, in no order; a state no
/// row is in is absent.
pub async fn per_state<E: EntityTrait>(
    db: &impl ConnectionTrait,
    column: E::Column,
) -> Result<Vec<(String, i64)>, DbErr> {
    E::find()
        .select_only()
        .column(column)
        .column_as(column.count(), "n")
        .group_by(column)
        .into_tuple::<(String, i64)>()
        .all(db)
        .await
}
