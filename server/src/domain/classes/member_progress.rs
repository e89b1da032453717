//! Each member's progress in a class's online part (the courses it
//! follows): required lessons completed, verified study time, best quiz
//! score and last activity — a page of them sorted as asked, or all of them
//! as a spreadsheet. Three queries for the whole class, whatever its size.

use std::cmp::Ordering;
use std::collections::HashSet;

use cultivator_shared::api::Page;
use cultivator_shared::api::PageQuery;
use cultivator_shared::api::class_progress::{
    ClassProgress, MemberProgress, ProgressQuery, ProgressSort,
};
use cultivator_shared::privacy::MobileView;
use cultivator_shared::{ClassId, EnrollmentStatus};
use sea_orm::{ConnectionTrait, DbErr};

use super::export::{ExportError, Table};
use crate::db::{class_courses, class_progress, enrollment_queue};

/// Percent of `required` done, rounded down (100 only when all are done;
/// a course list with nothing required counts as done).
pub fn percent(done: u32, required: u32) -> u8 {
    if required == 0 {
        return 100;
    }
    let pct = u64::from(done.min(required)) * 100 / u64::from(required);
    u8::try_from(pct).unwrap_or(100)
}

/// Sorts by `sort` (ties by name, then id, so pages never overlap);
/// members who have not done a thing sort as the least of it.
pub fn sort(list: &mut [MemberProgress], sort: ProgressSort, desc: bool) {
    list.sort_by(|a, b| {
        let primary = match sort {
            ProgressSort::Name => Ordering::Equal,
            ProgressSort::Percent => a.percent.cmp(&b.percent),
            ProgressSort::VerifiedTime => a.verified_ms.cmp(&b.verified_ms),
            ProgressSort::QuizScore => a.best_quiz_pct.cmp(&b.best_quiz_pct),
            ProgressSort::LastActivity => a.last_activity.cmp(&b.last_activity),
        };
        let ordered = primary
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.user.0.cmp(&b.user.0));
        if desc { ordered.reverse() } else { ordered }
    });
}

struct Everyone {
    courses: u32,
    required: u32,
    members: Vec<MemberProgress>,
}

async fn everyone(
    db: &impl ConnectionTrait,
    class: ClassId,
    mobiles: MobileView,
) -> Result<Everyone, DbErr> {
    let courses = class_courses::of_class(db, class).await?;
    let lessons = class_progress::lessons_of(db, &courses).await?;
    let required: HashSet<i64> = lessons
        .iter()
        .filter(|(_, r)| *r)
        .map(|(id, _)| *id)
        .collect();
    let all_lessons: Vec<i64> = lessons.iter().map(|(id, _)| *id).collect();
    let roster: Vec<_> = enrollment_queue::roster(db, class)
        .await?
        .into_iter()
        .filter(|e| {
            matches!(
                e.status,
                EnrollmentStatus::Enrolled | EnrollmentStatus::Completed
            )
        })
        .collect();
    let ids: Vec<i64> = roster.iter().map(|e| e.user.0).collect();
    let totals = class_progress::totals(db, &ids, &all_lessons).await?;
    let quiz = class_progress::best_quiz_scores(db, &ids, &courses).await?;
    let required_count = u32::try_from(required.len()).unwrap_or(u32::MAX);
    let members = roster
        .into_iter()
        .map(|entry| {
            let mine = totals.get(&entry.user.0).cloned().unwrap_or_default();
            let done = mine
                .completed
                .iter()
                .filter(|l| required.contains(l))
                .count();
            let done = u32::try_from(done).unwrap_or(u32::MAX);
            MemberProgress {
                user: entry.user,
                name: entry.name,
                mobile: mobiles.show(&entry.mobile),
                status: entry.status,
                lessons_completed: done,
                percent: percent(done, required_count),
                verified_ms: u64::try_from(mine.played_ms).unwrap_or(0),
                best_quiz_pct: quiz
                    .get(&entry.user.0)
                    .and_then(|p| u8::try_from((*p).clamp(0, 100)).ok()),
                last_activity: mine.last_activity,
            }
        })
        .collect();
    Ok(Everyone {
        courses: u32::try_from(courses.len()).unwrap_or(u32::MAX),
        required: required_count,
        members,
    })
}

/// One page of the class's members and their progress.
pub async fn page(
    db: &impl ConnectionTrait,
    class: ClassId,
    mobiles: MobileView,
    query: &ProgressQuery,
) -> Result<ClassProgress, DbErr> {
    let mut all = everyone(db, class, mobiles).await?;
    sort(
        &mut all.members,
        query.sort.unwrap_or(ProgressSort::Name),
        query.desc,
    );
    let paging = PageQuery {
        limit: query.limit,
        offset: query.offset,
    };
    let total = all.members.len() as u64;
    let items = all
        .members
        .into_iter()
        .skip(usize::try_from(paging.offset()).unwrap_or(usize::MAX))
        .take(usize::try_from(paging.limit()).unwrap_or(usize::MAX))
        .collect();
    Ok(ClassProgress {
        courses: all.courses,
        required_lessons: all.required,
        members: Page { items, total },
    })
}

/// The numeric columns of [`table`]: lessons, percent, minutes, best score.
pub const NUMBERS: &[usize] = &[3, 4, 5, 6];

/// Every member, sorted as asked, as a sheet.
pub async fn table(
    db: &impl ConnectionTrait,
    class: ClassId,
    mobiles: MobileView,
    query: &ProgressQuery,
) -> Result<Table, ExportError> {
    let mut all = everyone(db, class, mobiles).await?;
    sort(
        &mut all.members,
        query.sort.unwrap_or(ProgressSort::Name),
        query.desc,
    );
    let header = [
        "name",
        "mobile",
        "status",
        "required_lessons_completed",
        "percent",
        "verified_minutes",
        "best_quiz_pct",
        "last_activity",
    ]
    .map(str::to_owned)
    .to_vec();
    let rows = all
        .members
        .into_iter()
        .map(|m| {
            vec![
                m.name,
                m.mobile,
                m.status.as_str().to_owned(),
                m.lessons_completed.to_string(),
                m.percent.to_string(),
                (m.verified_ms / 60_000).to_string(),
                m.best_quiz_pct.map(|p| p.to_string()).unwrap_or_default(),
                m.last_activity.map(|t| t.to_rfc3339()).unwrap_or_default(),
            ]
        })
        .collect();
    Ok(Table { header, rows })
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};
    use cultivator_shared::UserId;

    use super::*;

    fn member(id: i64, name: &str, percent: u8, quiz: Option<u8>) -> MemberProgress {
        MemberProgress {
            user: UserId(id),
            name: name.to_owned(),
            mobile: String::new(),
            status: EnrollmentStatus::Enrolled,
            lessons_completed: 0,
            percent,
            verified_ms: u64::from(percent) * 1000,
            best_quiz_pct: quiz,
            last_activity: (percent > 0)
                .then(|| Utc.timestamp_opt(i64::from(percent), 0).single())
                .flatten(),
        }
    }

    #[test]
    fn percent_rounds_down_and_nothing_required_is_done() {
        assert_eq!(percent(0, 3), 0);
        assert_eq!(percent(2, 3), 66);
        assert_eq!(percent(3, 3), 100);
        assert_eq!(percent(5, 3), 100);
        assert_eq!(percent(0, 0), 100);
    }

    #[test]
    fn sorting_breaks_ties_by_name_and_puts_nothing_done_first() {
        let mut list = vec![
            member(1, "王五", 50, Some(80)),
            member(2, "李四", 50, None),
            member(3, "张三", 0, Some(90)),
        ];
        sort(&mut list, ProgressSort::Percent, false);
        let ids: Vec<i64> = list.iter().map(|m| m.user.0).collect();
        assert_eq!(ids, [3, 2, 1]);
        sort(&mut list, ProgressSort::QuizScore, true);
        let ids: Vec<i64> = list.iter().map(|m| m.user.0).collect();
        assert_eq!(ids, [3, 1, 2]);
        sort(&mut list, ProgressSort::LastActivity, true);
        assert_eq!(list.last().map(|m| m.user.0), Some(3));
    }
}
