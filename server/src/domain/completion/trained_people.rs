//! Trained-people counting (DOMAIN.md): a person is trained on a (programme,
//! track) once they hold at least one completed enrollment there, counted in
//! their home region and every region above it, in the month of their first
//! completion. These functions keep `trained_people` and `trained_counts`
//! right incrementally, inside the transaction that completes or withdraws a
//! completion, so the dashboard never has to scan enrollments.

use chrono::{DateTime, Datelike, FixedOffset, Utc};
use cultivator_shared::{EnrollmentStatus, RegionCode};
use sea_orm::{ConnectionTrait, DbErr};

use crate::db::counters::{self, CountDelta, EnrollmentFacts};

/// Year × 100 + month of an instant, in Beijing time: a completion at 01:00
/// on the 1st in China belongs to that month, not to the previous one.
pub fn month_of(at: DateTime<Utc>) -> i32 {
    let beijing = FixedOffset::east_opt(8 * 3600).map_or_else(
        || at.naive_utc(),
        |offset| at.with_timezone(&offset).naive_local(),
    );
    // Months are 1..=12, so the cast cannot lose anything.
    beijing.year() * 100 + beijing.month() as i32
}

/// The counter prefixes a person living in `region` is counted under: the
/// whole country (`""`) and every region from the province down to theirs.
pub fn prefixes(region: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    // A malformed home region still counts nationally.
    if let Ok(code) = RegionCode::parse(region) {
        out.extend(code.lineage().into_iter().map(String::from));
    }
    out
}

fn deltas(facts: &EnrollmentFacts, region: &str, month: i32, delta: i64) -> Vec<CountDelta> {
    prefixes(region)
        .into_iter()
        .map(|prefix| CountDelta {
            prefix,
            programme: facts.programme_id,
            track: facts.track.clone(),
            month,
            delta,
        })
        .collect()
}

/// Counts a completion that has just been recorded on `enrollment`: the
/// person becomes trained, or their first month moves earlier.
pub async fn count_completion(
    txn: &impl ConnectionTrait,
    enrollment: i64,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    let Some(facts) = counters::enrollment_facts(txn, enrollment).await? else {
        return Ok(());
    };
    let month = month_of(at);
    let (programme, track, user) = (facts.programme_id, facts.track.as_str(), facts.user_id);
    if counters::insert_trained(txn, programme, track, user, &facts.home_region, month).await? {
        counters::apply_deltas(txn, &mut deltas(&facts, &facts.home_region, month, 1)).await?;
        return Ok(());
    }
    // Already trained: only an earlier completion changes anything.
    if let Some((region, first)) = counters::trained_for_update(txn, programme, track, user).await?
        && month < first
    {
        counters::move_trained(txn, programme, track, user, month).await?;
        let mut changes = deltas(&facts, &region, first, -1);
        changes.extend(deltas(&facts, &region, month, 1));
        counters::apply_deltas(txn, &mut changes).await?;
    }
    Ok(())
}

/// Withdraws the completion of `enrollment` (back to `Enrolled`) and updates
/// the counters: the person stops being trained if this was their only
/// completion on that programme and track, or moves to the month of their
/// earliest remaining one. Returns false (and changes nothing) if the
/// enrollment was not completed.
pub async fn withdraw_completion(
    txn: &impl ConnectionTrait,
    enrollment: i64,
) -> Result<bool, DbErr> {
    let Some(facts) = counters::enrollment_facts(txn, enrollment).await? else {
        return Ok(false);
    };
    if facts.status != EnrollmentStatus::Completed.as_str() {
        return Ok(false);
    }
    let (programme, track, user) = (facts.programme_id, facts.track.as_str(), facts.user_id);
    // Lock the person's row first, so that a concurrent completion of another
    // of their enrollments waits for this decision.
    let counted = counters::trained_for_update(txn, programme, track, user).await?;
    if !counters::mark_uncompleted(txn, enrollment).await? {
        return Ok(false);
    }
    let Some((region, first)) = counted else {
        return Ok(true);
    };
    let remaining = counters::completions_of(txn, user, programme, track).await?;
    match remaining.into_iter().map(month_of).min() {
        None => {
            counters::delete_trained(txn, programme, track, user).await?;
            counters::apply_deltas(txn, &mut deltas(&facts, &region, first, -1)).await?;
        }
        Some(earliest) if earliest != first => {
            counters::move_trained(txn, programme, track, user, earliest).await?;
            let mut changes = deltas(&facts, &region, first, -1);
            changes.extend(deltas(&facts, &region, earliest, 1));
            counters::apply_deltas(txn, &mut changes).await?;
        }
        Some(_) => {}
    }
    Ok(true)
}

/// A trained person moved home: every count of theirs moves from the old
/// region's prefixes to the new one's (the country's stays as it was).
pub async fn move_home(txn: &impl ConnectionTrait, user: i64, to: &str) -> Result<(), DbErr> {
    let rows = counters::trained_rows_of(txn, user).await?;
    let mut changes = Vec::new();
    for (programme, track, from, month) in &rows {
        let shift = |region: &str, delta: i64| {
            prefixes(region).into_iter().map(move |prefix| CountDelta {
                prefix,
                programme: *programme,
                track: track.clone(),
                month: *month,
                delta,
            })
        };
        changes.extend(shift(from, -1));
        changes.extend(shift(to, 1));
    }
    // The same prefix lost and gained cancels out.
    changes.sort();
    let mut merged: Vec<CountDelta> = Vec::with_capacity(changes.len());
    for change in changes {
        match merged.last_mut() {
            Some(last)
                if (&last.prefix, last.programme, &last.track, last.month)
                    == (
                        &change.prefix,
                        change.programme,
                        &change.track,
                        change.month,
                    ) =>
            {
                last.delta += change.delta;
            }
            _ => merged.push(change),
        }
    }
    counters::rehome_trained(txn, user, to).await?;
    counters::apply_deltas(txn, &mut merged).await
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn months_are_counted_in_beijing_time() {
        let late_utc = Utc.with_ymd_and_hms(2026, 1, 31, 17, 0, 0).single();
        assert_eq!(late_utc.map(month_of), Some(202602));
        let early = Utc.with_ymd_and_hms(2026, 1, 31, 15, 0, 0).single();
        assert_eq!(early.map(month_of), Some(202601));
    }

    #[test]
    fn a_villager_counts_in_every_region_above_and_nationally() {
        assert_eq!(
            prefixes("510121100201"),
            vec!["", "51", "5101", "510121", "510121100", "510121100201"]
        );
    }
}
