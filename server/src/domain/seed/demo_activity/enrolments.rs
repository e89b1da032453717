//! Who joins which demo class and how it went, planned in memory and then
//! bulk-inserted: online cohorts with completions spread over the course of
//! each class; offline classes with check-ins at their held sessions, the
//! credit hours those earn, and completion exactly when the attendance
//! threshold is met (as `completion::offline_class` decides it); and classes
//! still recruiting, some full with a waitlist, some awaiting approval.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use cultivator_shared::api::checkin::{AttendanceMethod, AttendanceState};
use cultivator_shared::{ClassId, EnrollmentMode, EnrollmentStatus, Track};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use sea_orm::Value;

use super::{Held, Person, china};
use crate::db::credit_entries;
use crate::domain::completion::offline_class::{meets_threshold, session_credit_tenths};
use crate::domain::seed::bulk::NewEnrollment;

/// The share of the region's people in an online cohort that has begun.
const JOIN_ONLINE: f64 = 0.85;
/// The share who complete a cohort that has ended, or is still running.
const COMPLETE_ENDED: f64 = 0.72;
const COMPLETE_RUNNING: f64 = 0.45;
/// The share of an offline class present at every session.
const DILIGENT: f64 = 0.82;

/// A recruiting class's applicant, for the notices and audit records of the
/// decision made about them.
pub struct Recruit {
    pub class: ClassId,
    pub user: i64,
    pub status: EnrollmentStatus,
    pub at: DateTime<Utc>,
}

pub struct Plan {
    rng: StdRng,
    now: DateTime<Utc>,
    today: NaiveDate,
    instructor: i64,
    showcase: i64,
    pub enrollments: Vec<NewEnrollment>,
    pub attendance: Vec<Vec<Value>>,
    pub credits: Vec<Vec<Value>>,
    /// When each person completed their online cohort.
    online_done: HashMap<i64, DateTime<Utc>>,
    /// People already in an offline class of the first stage.
    offline_taken: HashSet<i64>,
    in_class: HashSet<(i64, i64)>,
    /// People who completed an offline class in `selecting_county`, in the
    /// order they did: the candidates the county coordinator selects from.
    pub candidates: Vec<i64>,
    selecting_county: &'static str,
}

impl Plan {
    pub fn new(
        now: DateTime<Utc>,
        instructor: i64,
        showcase: i64,
        selecting_county: &'static str,
        already: HashSet<(i64, i64)>,
    ) -> Plan {
        Plan {
            rng: StdRng::seed_from_u64(2027),
            now,
            today: now.date_naive(),
            instructor,
            showcase,
            enrollments: Vec::new(),
            attendance: Vec::new(),
            credits: Vec::new(),
            online_done: HashMap::new(),
            offline_taken: HashSet::new(),
            in_class: already,
            candidates: Vec::new(),
            selecting_county,
        }
    }

    #[expect(
        clippy::too_many_arguments,
        reason = "one row of the enrollments table"
    )]
    fn enrol(
        &mut self,
        class: ClassId,
        user: i64,
        status: EnrollmentStatus,
        waitlist_position: Option<i32>,
        applied_at: DateTime<Utc>,
        decided_at: Option<DateTime<Utc>>,
        completed_at: Option<DateTime<Utc>>,
    ) -> bool {
        if !self.in_class.insert((class.0, user)) {
            return false;
        }
        self.enrollments.push(NewEnrollment {
            class: class.0,
            user,
            status,
            waitlist_position,
            applied_at,
            decided_at,
            completed_at,
        });
        true
    }

    /// Online cohorts that have begun: most people of the region join one;
    /// completions fall anywhere between its first day and its last (or now).
    /// The showcase trainee completed the first cohort early and follows a
    /// running one.
    pub fn online(&mut self, held: &[Held], people: &[Person]) {
        let cohorts: Vec<&Held> = held
            .iter()
            .filter(|c| c.track == Track::Online && c.starts_on <= self.today)
            .collect();
        for person in people {
            let showcase = person.id == self.showcase;
            let options: Vec<&Held> = cohorts
                .iter()
                .copied()
                .filter(|c| person.home.starts_with(&c.region))
                .collect();
            if options.is_empty() || !(showcase || self.rng.gen_bool(JOIN_ONLINE)) {
                continue;
            }
            let class = if showcase {
                options[0]
            } else {
                options[self.rng.gen_range(0..options.len())]
            };
            let start = china(class.starts_on, 9);
            let ended = class.ends_on < self.today;
            let share = if ended {
                COMPLETE_ENDED
            } else {
                COMPLETE_RUNNING
            };
            let completed_at = if showcase {
                Some(start + Duration::days(20))
            } else if self.rng.gen_bool(share) {
                let until = china(class.ends_on, 18).min(self.now - Duration::hours(1));
                let span = (until - start).num_seconds().max(3600) as f64;
                // One draw whatever the span (which moves with the clock), so
                // the same data come out on every run of the same day.
                let offset = (span * self.rng.gen_range(0.0..1.0)) as i64;
                Some(start + Duration::seconds(offset.max(3600)))
            } else {
                None
            };
            let applied = start - Duration::days(self.rng.gen_range(1..14));
            let status = if completed_at.is_some() {
                EnrollmentStatus::Completed
            } else {
                EnrollmentStatus::Enrolled
            };
            self.enrol(
                class.id,
                person.id,
                status,
                None,
                applied,
                Some(applied),
                completed_at,
            );
            if let Some(at) = completed_at {
                self.online_done.insert(person.id, at);
            }
            if showcase && let Some(running) = options.iter().find(|c| c.ends_on >= self.today) {
                let at = china(running.starts_on, 9);
                self.enrol(
                    running.id,
                    person.id,
                    EnrollmentStatus::Enrolled,
                    None,
                    at,
                    Some(at),
                    None,
                );
            }
        }
    }

    /// Offline classes of the first stage that have begun: filled from the
    /// county's people who completed online study before the class began,
    /// present (by code, or marked by the instructor) at the sessions held.
    pub fn offline(&mut self, held: &[Held], people: &[Person]) {
        let (today, now) = (self.today, self.now);
        for class in held
            .iter()
            .filter(|c| c.track == Track::Offline && c.starts_on <= today)
        {
            let start = china(class.starts_on, 0);
            let mut candidates: Vec<&Person> = people
                .iter()
                .filter(|p| {
                    p.home.starts_with(&class.region)
                        && !self.offline_taken.contains(&p.id)
                        && self.online_done.get(&p.id).is_some_and(|at| *at < start)
                })
                .collect();
            candidates.shuffle(&mut self.rng);
            if let Some(i) = candidates.iter().position(|p| p.id == self.showcase) {
                let showcase = candidates.remove(i);
                candidates.insert(0, showcase);
            }
            let fill =
                (class.seats as usize * self.rng.gen_range(70..=100) / 100).min(candidates.len());
            let total = u32::try_from(class.sessions.len()).unwrap_or(u32::MAX);
            for person in candidates.into_iter().take(fill) {
                self.offline_taken.insert(person.id);
                let diligent = person.id == self.showcase || self.rng.gen_bool(DILIGENT);
                let mut attended = 0;
                let mut completed_at = None;
                for session in class.sessions.iter().filter(|s| s.ends_at < now) {
                    if !(diligent || self.rng.gen_bool(0.6)) {
                        continue;
                    }
                    let at = session.starts_at + Duration::minutes(self.rng.gen_range(-20..25));
                    let by_code = self.rng.gen_bool(0.85);
                    let method = if by_code {
                        AttendanceMethod::Code
                    } else {
                        AttendanceMethod::Manual
                    };
                    self.attendance.push(vec![
                        session.id.into(),
                        person.id.into(),
                        AttendanceState::Present.as_str().into(),
                        method.as_str().into(),
                        at.into(),
                        (!by_code).then_some(self.instructor).into(),
                    ]);
                    self.credits.push(vec![
                        person.id.into(),
                        credit_entries::SOURCE_SESSION.into(),
                        session.id.into(),
                        session_credit_tenths(session.starts_at, session.ends_at).into(),
                        at.into(),
                    ]);
                    attended += 1;
                    if completed_at.is_none() && meets_threshold(attended, total, 80) {
                        completed_at = Some(at);
                    }
                }
                let applied = start - Duration::days(self.rng.gen_range(7..30));
                let status = if completed_at.is_some() {
                    EnrollmentStatus::Completed
                } else {
                    EnrollmentStatus::Enrolled
                };
                self.enrol(
                    class.id,
                    person.id,
                    status,
                    None,
                    applied,
                    Some(applied),
                    completed_at,
                );
                if completed_at.is_some() && class.region.starts_with(self.selecting_county) {
                    self.candidates.push(person.id);
                }
            }
        }
    }

    /// Classes that have not begun, except those of `gated` (filled by
    /// selection): the provincial class full with a waitlist, an approval
    /// class with applications waiting, the others part full.
    pub fn recruiting(&mut self, held: &[Held], people: &[Person], gated: i64) -> Vec<Recruit> {
        let mut out = Vec::new();
        let today = self.today;
        for class in held
            .iter()
            .filter(|c| c.starts_on > today && c.stage != Some(gated))
        {
            let seats = class.seats as usize;
            let taken = self
                .in_class
                .iter()
                .filter(|(c, _)| *c == class.id.0)
                .count();
            let approval = class.mode == EnrollmentMode::Approval;
            let (enrolled, queued) = match class.track {
                Track::Online => (120, 0),
                Track::Offline if approval => (seats * 3 / 5, 7),
                Track::Offline if class.region.len() == 2 => (seats.saturating_sub(taken), 5),
                Track::Offline => (seats / 2, 0),
            };
            let mut candidates: Vec<&Person> = people
                .iter()
                .filter(|p| {
                    p.home.starts_with(&class.region)
                        && !self.in_class.contains(&(class.id.0, p.id))
                })
                .collect();
            candidates.shuffle(&mut self.rng);
            let first_applied = self.now - Duration::days(12);
            for (k, person) in candidates.into_iter().take(enrolled + queued).enumerate() {
                // In the order they applied, so the waitlist's order is theirs.
                let applied = first_applied + Duration::hours(2 * k as i64);
                let (status, position, decided) = if k < enrolled {
                    let decided = if approval {
                        applied + Duration::days(1)
                    } else {
                        applied
                    };
                    (EnrollmentStatus::Enrolled, None, Some(decided))
                } else if approval {
                    (EnrollmentStatus::Applied, None, None)
                } else {
                    let position = i32::try_from(k - enrolled + 1).unwrap_or(i32::MAX);
                    (EnrollmentStatus::Waitlisted, Some(position), Some(applied))
                };
                if self.enrol(
                    class.id, person.id, status, position, applied, decided, None,
                ) {
                    out.push(Recruit {
                        class: class.id,
                        user: person.id,
                        status,
                        at: decided.unwrap_or(applied),
                    });
                }
            }
        }
        out
    }

    /// Applications of selected candidates to the gated class.
    pub fn apply_selected(&mut self, class: ClassId, selected: &[i64], at: DateTime<Utc>) {
        for (k, user) in selected.iter().enumerate() {
            let applied = at + Duration::hours(3 * k as i64);
            self.enrol(
                class,
                *user,
                EnrollmentStatus::Applied,
                None,
                applied,
                None,
                None,
            );
        }
    }
}
