//! The progress hot path with group commit. Handlers hand their report to one
//! writer task and wait; the writer takes whatever reports are queued (up to
//! [`MAX_BATCH`]), judges them all in ONE write transaction, commits, and only
//! then answers each handler. So a report is acknowledged only once it is
//! durable, and ten thousand viewers cost hundreds of commits a second, not
//! ten thousand. Lesson and course completion (with credit hours) happen in
//! the same transaction as the report that caused them.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use cultivator_shared::api::authoring::LessonKind;
use cultivator_shared::api::learning::{LessonProgressView, ProgressReport};
use cultivator_shared::{CourseId, CreditHours, LessonId, PublishState, Role, UserId};
use rand::SeedableRng;
use rand::rngs::StdRng;
use sea_orm::{DatabaseConnection, DbErr};
use tokio::sync::{mpsc, oneshot};

use crate::db::{self, auth_sessions, course_enrollments, lesson_progress, study_clocks, users};
use crate::domain::completion::course::complete_course_if_done;
use crate::domain::integrity;
use crate::domain::learning::attention::AttentionState;
use crate::domain::learning::checkpoints;
use crate::domain::learning::enrolment::LearningError;
use crate::domain::learning::reading::{self, ReadingReport, ReadingRules, ReadingState};
use crate::domain::learning::study_clock::StudyClock;
use crate::domain::learning::watch::{self, Intervals, Report, Rules, WatchState};

/// At most this many reports share one transaction.
pub const MAX_BATCH: usize = 256;

/// One trainee's report on one lesson, stamped when the server received it.
#[derive(Debug, Clone)]
pub struct ProgressJob {
    pub user: UserId,
    /// The session that sent it: re-checked in the storing transaction, so a
    /// session signed out on any node stores nothing more.
    pub session: String,
    pub lesson: LessonId,
    pub report: ProgressReport,
    pub at: DateTime<Utc>,
    /// Made with no network and sent later (see `offline_progress`): `at` is
    /// the device's time, and a report no later than the lesson's last
    /// counted one was already counted (a resend) and earns nothing.
    pub sent_later: bool,
}

type Reply = Result<LessonProgressView, LearningError>;

/// The metric of how many reports each batch wrote (a histogram), and of
/// batches whose transaction failed (a counter).
pub const BATCH_REPORTS_METRIC: &str = "cultivator_progress_batch_reports";
pub const BATCH_FAILURES_METRIC: &str = "cultivator_progress_batch_failures_total";

/// The handle handlers use; cheap to clone.
#[derive(Clone)]
pub struct ProgressWriter {
    queue: mpsc::Sender<(ProgressJob, oneshot::Sender<Reply>)>,
}

impl ProgressWriter {
    /// Starts the writer task on the current Tokio runtime. It ends when the
    /// last handle is dropped.
    pub fn spawn(db: DatabaseConnection) -> Self {
        let (queue, jobs) = mpsc::channel(MAX_BATCH * 16);
        tokio::spawn(run(db, jobs));
        Self { queue }
    }

    /// Reports queued and not yet taken into a batch.
    pub fn waiting(&self) -> usize {
        self.queue.max_capacity() - self.queue.capacity()
    }

    /// Queues `job` and waits until its transaction committed (or failed).
    pub async fn submit(&self, job: ProgressJob) -> Reply {
        let (reply, answer) = oneshot::channel();
        let gone = || LearningError::Db(DbErr::Custom("progress writer stopped".into()));
        self.queue.send((job, reply)).await.map_err(|_| gone())?;
        answer.await.map_err(|_| gone())?
    }
}

async fn run(
    db: DatabaseConnection,
    mut jobs: mpsc::Receiver<(ProgressJob, oneshot::Sender<Reply>)>,
) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while jobs.recv_many(&mut batch, MAX_BATCH).await > 0 {
        let (work, replies): (Vec<ProgressJob>, Vec<_>) = batch.drain(..).unzip();
        metrics::histogram!(BATCH_REPORTS_METRIC).record(work.len() as f64);
        match apply_batch(&db, &work).await {
            Ok(results) => {
                for (reply, result) in replies.into_iter().zip(results) {
                    let _ = reply.send(result);
                }
            }
            Err(err) => {
                tracing::error!(error = %err, reports = work.len(), "progress batch failed");
                metrics::counter!(BATCH_FAILURES_METRIC).increment(1);
                for reply in replies {
                    let _ = reply.send(Err(LearningError::Db(DbErr::Custom(err.to_string()))));
                }
            }
        }
    }
}

/// Judges and stores `jobs` in one transaction, in order; one result per job.
/// A report that is refused does not stop the others.
pub async fn apply_batch(
    db: &DatabaseConnection,
    jobs: &[ProgressJob],
) -> Result<Vec<Reply>, DbErr> {
    let users: Vec<i64> = dedup(jobs.iter().map(|j| j.user.0));
    let lesson_ids: Vec<i64> = dedup(jobs.iter().map(|j| j.lesson.0));
    let txn = db::begin_write(db).await?;
    let sessions: Vec<&str> = {
        let mut ids: Vec<&str> = jobs.iter().map(|j| j.session.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    };
    let live = auth_sessions::live(&txn, &sessions, Utc::now().timestamp()).await?;
    // Roles are read here, not from the handler's cached user: a trainee role
    // taken away ends reporting with the very next report, on every node.
    let trainees = users::holding_role(&txn, &users, Role::Trainee).await?;
    let facts = lesson_progress::lesson_facts(&txn, &lesson_ids).await?;
    let course_ids = dedup(facts.values().map(|f| f.course_id));
    let enrollments: HashMap<(i64, i64), bool> =
        course_enrollments::of_users_in(&txn, &users, &course_ids)
            .await?
            .into_iter()
            .map(|e| ((e.user_id, e.course_id), e.completed_at.is_some()))
            .collect();
    let mut rows = lesson_progress::for_update(&txn, &users, &lesson_ids).await?;
    let mut clocks: HashMap<i64, StudyClock> = study_clocks::for_update(&txn, &users)
        .await?
        .into_values()
        .map(|c| {
            let clock = StudyClock {
                balance_ms: u64::try_from(c.balance_ms).unwrap_or(0),
                updated_ms: c.updated_ms,
            };
            (c.user_id, clock)
        })
        .collect();
    // Written back only where a report changed them (or a trainee's first
    // clock was started): most reports in a batch spend nothing.
    let stored_clocks = clocks.clone();
    let mut dirty = HashSet::new();
    let mut rng = StdRng::from_entropy();
    let mut completions = Vec::new();
    let mut results: Vec<Reply> = Vec::with_capacity(jobs.len());
    for job in jobs {
        if !live.contains(&job.session) {
            results.push(Err(LearningError::SessionEnded));
            continue;
        }
        if !trainees.contains(&job.user.0) {
            results.push(Err(LearningError::NotATrainee));
            continue;
        }
        let Some(fact) = facts
            .get(&job.lesson.0)
            .filter(|f| f.course_state == PublishState::Published.as_str())
        else {
            results.push(Err(LearningError::LessonNotFound));
            continue;
        };
        if !enrollments.contains_key(&(job.user.0, fact.course_id)) {
            results.push(Err(LearningError::NotEnrolled));
            continue;
        }
        let key = (job.user.0, job.lesson.0);
        let row = rows
            .entry(key)
            .or_insert_with(|| lesson_progress::blank(key.0, key.1, job.at));
        if job.sent_later
            && row
                .last_report_ms
                .is_some_and(|last| job.at.timestamp_millis() <= last)
        {
            results.push(Ok(view(row, fact, 0, false)));
            continue;
        }
        let clock = clocks
            .entry(job.user.0)
            .or_insert_with(|| StudyClock::start(job.at.timestamp_millis()));
        match judge(row, clock, fact, job, &mut rng) {
            Ok((earned_ms, newly_completed)) => {
                dirty.insert(key);
                if newly_completed {
                    completions.push((job.user, fact, job.at));
                }
                results.push(Ok(view(row, fact, earned_ms, false)));
            }
            Err(err) => results.push(Err(err)),
        }
    }
    // Reports refused as too fast are counted for the integrity report, one
    // row per trainee however many were sent.
    let too_fast = jobs.iter().zip(&results).filter_map(|(job, result)| {
        matches!(
            result,
            Err(
                LearningError::Implausible(watch::WatchError::TooFast { .. })
                    | LearningError::ReadingTooFast(_)
            )
        )
        .then_some((job.user, job.at))
    });
    integrity::record::rejected_reports(&txn, too_fast).await?;
    let changed: Vec<_> = dirty.iter().filter_map(|k| rows.get(k).cloned()).collect();
    if !changed.is_empty() {
        lesson_progress::upsert_many(&txn, changed).await?;
    }
    let clocks_changed: Vec<_> = clocks
        .iter()
        .filter(|(user, clock)| stored_clocks.get(user) != Some(*clock))
        .map(|(user, c)| study_clocks::Model {
            user_id: *user,
            balance_ms: i64::try_from(c.balance_ms).unwrap_or(i64::MAX),
            updated_ms: c.updated_ms,
        })
        .collect();
    if !clocks_changed.is_empty() {
        study_clocks::upsert_many(&txn, clocks_changed).await?;
    }
    let mut course_done: HashSet<(i64, i64)> = enrollments
        .iter()
        .filter(|(_, done)| **done)
        .map(|(k, _)| *k)
        .collect();
    for (user, fact, at) in completions {
        let course = CourseId(fact.course_id);
        let credit = CreditHours(u32::try_from(fact.course_credit_tenths).unwrap_or(0));
        if complete_course_if_done(&txn, course, user, credit, at).await? {
            course_done.insert((user.0, fact.course_id));
        }
    }
    txn.commit().await?;
    for (job, result) in jobs.iter().zip(results.iter_mut()) {
        if let (Ok(view), Some(fact)) = (result, facts.get(&job.lesson.0)) {
            view.course_completed = course_done.contains(&(job.user.0, fact.course_id));
        }
    }
    Ok(results)
}

/// Applies one report to a progress row by the lesson kind's rule.
/// Returns (study ms earned, whether the lesson just became complete).
fn judge(
    row: &mut lesson_progress::Model,
    clock: &mut StudyClock,
    fact: &lesson_progress::LessonFacts,
    job: &ProgressJob,
    rng: &mut impl rand::Rng,
) -> Result<(u64, bool), LearningError> {
    let now_ms = job.at.timestamp_millis();
    let (earned, complete_now) = match LessonKind::parse(&fact.kind) {
        Some(LessonKind::Video) => {
            let mut state = WatchState {
                played: Intervals::from_pairs(
                    serde_json::from_str::<Vec<(u64, u64)>>(&row.played).unwrap_or_default(),
                ),
                position_ms: u64::try_from(row.position_ms).unwrap_or(0),
                completed: row.completed_at.is_some(),
            };
            let policy = checkpoints::policy(fact).filter(|_| !state.completed);
            let mut attention = checkpoints::state_of(row);
            let mut report = Report {
                played: job.report.played.map(|s| (s.from_ms, s.to_ms)),
                position_ms: job.report.position_ms,
            };
            // While an attention check waits, playback earns nothing.
            if policy.is_some() && !attention.may_earn() {
                report.played = None;
            }
            let accepted = watch::apply(&mut state, clock, report, now_ms, rules(fact))?;
            // A lesson done needs no more checks, not even at the report
            // that completed it.
            if let Some(policy) = policy {
                if state.completed {
                    attention = AttentionState::default();
                } else {
                    attention.after_report(state.played.total(), policy, now_ms, rng);
                }
                checkpoints::store(row, attention);
            }
            row.played =
                serde_json::to_string(state.played.pairs()).unwrap_or_else(|_| "[]".into());
            row.played_ms = i64::try_from(state.played.total()).unwrap_or(i64::MAX);
            row.position_ms = i64::try_from(state.position_ms).unwrap_or(0);
            if accepted.earned_ms > 0 {
                row.last_report_ms = Some(now_ms);
            }
            (accepted.earned_ms, accepted.newly_completed)
        }
        Some(kind @ (LessonKind::Article | LessonKind::Document)) => {
            let mut state = ReadingState {
                read_ms: u64::try_from(row.played_ms).unwrap_or(0),
                reached_end: row.reached_end,
                completed: row.completed_at.is_some(),
            };
            let report = ReadingReport {
                visible_ms: job.report.visible_ms,
                reached_end: job.report.read_to_end,
            };
            let accepted =
                reading::apply(&mut state, clock, report, now_ms, reading_rules(fact, kind))?;
            row.played_ms = i64::try_from(state.read_ms).unwrap_or(i64::MAX);
            row.reached_end = state.reached_end;
            row.position_ms = i64::try_from(job.report.position_ms).unwrap_or(0);
            if accepted.earned_ms > 0 {
                row.last_report_ms = Some(now_ms);
            }
            (accepted.earned_ms, accepted.newly_completed)
        }
        None => (0, false),
    };
    let newly_completed = complete_now && row.completed_at.is_none();
    if newly_completed {
        row.completed_at = Some(job.at);
    }
    row.updated_at = job.at;
    Ok((earned, newly_completed))
}

fn rules(fact: &lesson_progress::LessonFacts) -> Rules {
    Rules {
        duration_ms: fact
            .duration_secs
            .and_then(|s| u64::try_from(s).ok())
            .unwrap_or(0)
            * 1000,
        threshold_pct: u8::try_from(fact.threshold_pct.clamp(1, 100)).unwrap_or(90),
    }
}

/// An article's reading time was computed from its text when it was saved;
/// a document's is declared by its author, or the default.
fn reading_rules(fact: &lesson_progress::LessonFacts, kind: LessonKind) -> ReadingRules {
    let fallback = match kind {
        LessonKind::Document => reading::DOCUMENT_DEFAULT_SECS,
        _ => reading::MIN_READING_SECS,
    };
    let secs = fact
        .duration_secs
        .and_then(|s| u64::try_from(s).ok())
        .filter(|s| *s > 0)
        .unwrap_or(fallback);
    ReadingRules {
        required_ms: secs * 1000,
        needs_end: kind == LessonKind::Article,
    }
}

/// The progress a trainee sees for one lesson.
pub fn view(
    row: &lesson_progress::Model,
    fact: &lesson_progress::LessonFacts,
    earned_ms: u64,
    course_completed: bool,
) -> LessonProgressView {
    LessonProgressView {
        lesson_id: LessonId(row.lesson_id),
        position_ms: u64::try_from(row.position_ms).unwrap_or(0),
        played_ms: u64::try_from(row.played_ms).unwrap_or(0),
        duration_ms: (fact.kind == "video").then(|| rules(fact).duration_ms),
        required_ms: LessonKind::parse(&fact.kind)
            .filter(|k| *k != LessonKind::Video)
            .map(|k| reading_rules(fact, k).required_ms),
        completed: row.completed_at.is_some(),
        earned_ms,
        course_completed,
        attention: checkpoints::prompt(row),
    }
}

fn dedup(ids: impl Iterator<Item = i64>) -> Vec<i64> {
    let mut ids: Vec<i64> = ids.collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// A trainee's stored progress in one lesson, for resuming.
pub async fn current(
    db: &DatabaseConnection,
    user: UserId,
    lesson: LessonId,
) -> Result<LessonProgressView, LearningError> {
    let (fact, enrollment) = enrolled_lesson(db, user, lesson).await?;
    let row = lesson_progress::find(db, user, lesson.0)
        .await?
        .unwrap_or_else(|| lesson_progress::blank(user.0, lesson.0, Utc::now()));
    Ok(view(&row, &fact, 0, enrollment.completed_at.is_some()))
}

/// A lesson of a published course `user` is enrolled in, with the
/// enrollment: what a trainee must have to read or change their progress
/// outside the writer's batches.
pub async fn enrolled_lesson(
    db: &impl sea_orm::ConnectionTrait,
    user: UserId,
    lesson: LessonId,
) -> Result<(lesson_progress::LessonFacts, course_enrollments::Model), LearningError> {
    let fact = lesson_progress::lesson_facts(db, &[lesson.0])
        .await?
        .remove(&lesson.0)
        .filter(|f| f.course_state == PublishState::Published.as_str())
        .ok_or(LearningError::LessonNotFound)?;
    let enrollment = course_enrollments::find(db, CourseId(fact.course_id), user)
        .await?
        .ok_or(LearningError::NotEnrolled)?;
    Ok((fact, enrollment))
}
