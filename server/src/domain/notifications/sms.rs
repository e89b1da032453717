//! The SMS channel: a [`Notifier`] sends committed notices as texts (see the
//! module above for why after commit). Which notifier runs is configuration
//! (`CULTIVATOR_SMS`): none, or [`LogSms`], which writes each text to the
//! log for development. A real provider's adapter implements the same trait.
//! [`RecordingNotifier`] is the test double: it keeps what it was asked to send.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, Utc};
use cultivator_shared::UserId;
use cultivator_shared::api::notifications::{NotificationDetail, NotificationKind};
use cultivator_shared::privacy::mask_mobile;
use sea_orm::{ConnectionTrait, DbErr};

use super::china_time;
use crate::db::{classes, notifications, users};

/// Notices older than this (hours) are never texted: enabling SMS on a
/// running system must not send yesterday's news.
pub const MAX_AGE_HOURS: i64 = 6;
/// Notices examined per round.
const BATCH: u64 = 200;

/// One text to one person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingMessage {
    /// The notification it copies.
    pub notification: i64,
    pub user: UserId,
    pub mobile: String,
    pub text: String,
}

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct SendError(pub String);

/// A channel that reaches people outside the app.
#[async_trait::async_trait]
pub trait Notifier: Send + Sync {
    /// The channel's name, for logs.
    fn channel(&self) -> &'static str;
    async fn send(&self, message: &OutgoingMessage) -> Result<(), SendError>;
}

/// Development: each text goes to the log (the number masked) instead of a phone.
#[derive(Debug, Default, Clone, Copy)]
pub struct LogSms;

#[async_trait::async_trait]
impl Notifier for LogSms {
    fn channel(&self) -> &'static str {
        "sms-log"
    }

    async fn send(&self, message: &OutgoingMessage) -> Result<(), SendError> {
        tracing::info!(
            notification = message.notification,
            to = %mask_mobile(&message.mobile),
            text = %message.text,
            "SMS (log only)"
        );
        Ok(())
    }
}

/// Tests: keeps every message it is asked to send.
#[derive(Debug, Default, Clone)]
pub struct RecordingNotifier {
    sent: Arc<Mutex<Vec<OutgoingMessage>>>,
}

impl RecordingNotifier {
    /// What was sent so far, in order.
    pub fn sent(&self) -> Vec<OutgoingMessage> {
        self.sent.lock().map(|s| s.clone()).unwrap_or_default()
    }
}

#[async_trait::async_trait]
impl Notifier for RecordingNotifier {
    fn channel(&self) -> &'static str {
        "sms-recording"
    }

    async fn send(&self, message: &OutgoingMessage) -> Result<(), SendError> {
        self.sent
            .lock()
            .map_err(|_| SendError("the recording was poisoned".into()))?
            .push(message.clone());
        Ok(())
    }
}

/// The text of a notice, in Chinese (the people texted live in China).
pub fn text(
    kind: NotificationKind,
    class_title: Option<&str>,
    detail: &NotificationDetail,
) -> String {
    let class = class_title.map_or_else(String::new, |t| format!("“{t}”"));
    let when = detail.starts_at.map_or_else(String::new, |at| {
        at.with_timezone(&china_time())
            .format("%m月%d日 %H:%M")
            .to_string()
    });
    let venue = detail.venue.clone().unwrap_or_default();
    let reason = detail
        .reason
        .as_deref()
        .map_or_else(String::new, |r| format!("原因：{r}"));
    let body = match kind {
        NotificationKind::PromotedFromWaitlist => format!("您已从候补转为正式学员：{class}。"),
        NotificationKind::EnrollmentApproved => format!("您报名的{class}已通过审核。"),
        NotificationKind::EnrollmentRejected => format!("很遗憾，您报名的{class}未通过审核。"),
        NotificationKind::EnrollmentWaitlisted => format!("{class}名额已满，您已进入候补名单。"),
        NotificationKind::SessionReminder => format!("提醒：{class}明天 {when} 在{venue}上课。"),
        NotificationKind::SessionMoved => {
            format!("{class}的一次课已调整为 {when}，地点：{venue}。")
        }
        NotificationKind::SessionCancelled => format!("{class}{when}的课已取消。{reason}"),
        NotificationKind::ClassCancelled => format!("{class}已取消。{reason}"),
        NotificationKind::SelectedForStage => format!(
            "您已入选下一阶段培训{}。",
            detail
                .stage
                .as_deref()
                .map_or_else(String::new, |s| format!("“{s}”"))
        ),
        NotificationKind::CertificateIssued => format!("您的{class}结业证书已签发。"),
        NotificationKind::PasswordReset => "工作人员已为您发放重置密码的一次性验证码。".to_owned(),
    };
    format!("【乡村人才培训】{body}")
}

/// One round of the SMS sender: claims each recent unsent notice (only one
/// node wins a claim) and sends it. Returns how many were sent; a failed
/// send is logged and not retried (SMS is a courtesy copy of the in-app
/// notice).
pub async fn deliver_pending(
    db: &impl ConnectionTrait,
    notifier: &dyn Notifier,
    now: DateTime<Utc>,
) -> Result<usize, DbErr> {
    let mut sent = 0;
    loop {
        let rows =
            notifications::unclaimed_since(db, now - Duration::hours(MAX_AGE_HOURS), BATCH).await?;
        if rows.is_empty() {
            return Ok(sent);
        }
        let people =
            users::mobiles_of(db, &rows.iter().map(|r| r.user_id).collect::<Vec<_>>()).await?;
        let titles = classes::titles_of(
            db,
            &rows.iter().filter_map(|r| r.class_id).collect::<Vec<_>>(),
        )
        .await?;
        for row in rows {
            if !notifications::claim_for_sms(db, row.id, now).await? {
                continue;
            }
            let (Ok(kind), Some(mobile)) = (row.kind(), people.get(&row.user_id)) else {
                continue;
            };
            let message = OutgoingMessage {
                notification: row.id,
                user: UserId(row.user_id),
                mobile: mobile.clone(),
                text: text(
                    kind,
                    row.class_id
                        .and_then(|c| titles.get(&c))
                        .map(String::as_str),
                    &row.detail(),
                ),
            };
            match notifier.send(&message).await {
                Ok(()) => sent += 1,
                Err(err) => tracing::warn!(
                    notification = row.id,
                    channel = notifier.channel(),
                    error = %err,
                    "could not send a notice"
                ),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn a_moved_session_is_texted_with_its_new_time_and_place_in_china_time() {
        let detail = NotificationDetail {
            starts_at: Utc.with_ymd_and_hms(2026, 12, 3, 1, 30, 0).single(),
            venue: Some("金堂县农业农村局".into()),
            ..NotificationDetail::default()
        };
        let text = text(NotificationKind::SessionMoved, Some("电商班"), &detail);
        assert!(text.contains("12月03日 09:30"), "{text}");
        assert!(text.contains("金堂县农业农村局"), "{text}");
        assert!(text.contains("电商班"), "{text}");
    }
}
