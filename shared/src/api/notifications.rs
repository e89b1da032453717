//! In-app notifications: one model with typed kinds that the UI words in the
//! reader's language, each linking to the object it is about.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::status::wire_enum;
use crate::{ClassId, ClassSessionId};

wire_enum!(
    /// What a notification tells. The list only grows (a stored name is
    /// never reused for something else); names fit 32 characters.
    /// `PromotedFromWaitlist`: a seat came free and the trainee moved from
    /// the waitlist into the class; `EnrollmentWaitlisted`: the class was
    /// full, the trainee is in line; `SessionReminder`: a session of the
    /// trainee's class is tomorrow; `SessionMoved`: `detail` has its new time
    /// and place; `SelectedForStage`: selected by a coordinator for the next
    /// stage; `PasswordReset`: staff issued a one-time code to reset the
    /// password; `CertificateIssued`: `detail` has the new certificate's
    /// number.
    NotificationKind {
        PromotedFromWaitlist => "promoted_from_waitlist",
        EnrollmentApproved => "enrollment_approved",
        EnrollmentRejected => "enrollment_rejected",
        EnrollmentWaitlisted => "enrollment_waitlisted",
        SessionReminder => "session_reminder",
        SessionMoved => "session_moved",
        SessionCancelled => "session_cancelled",
        ClassCancelled => "class_cancelled",
        SelectedForStage => "selected_for_stage",
        CertificateIssued => "certificate_issued",
        PasswordReset => "password_reset",
    }
);

/// What a notice says beyond its kind, as things stood when it was sent (a
/// session moved twice keeps each notice's own time and place).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotificationDetail {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starts_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ends_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub venue: Option<String>,
    /// Why a class or session was cancelled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The stage someone was selected for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<String>,
    /// The number of a certificate just issued.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate: Option<String>,
}

/// An in-app notice; the UI words it from `kind` in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotificationView {
    pub id: i64,
    pub kind: NotificationKind,
    pub class_id: Option<ClassId>,
    pub class_title: Option<String>,
    #[serde(default)]
    pub session_id: Option<ClassSessionId>,
    #[serde(default)]
    pub detail: NotificationDetail,
    pub created_at: DateTime<Utc>,
    /// When the reader marked it read; `None` while unread.
    #[serde(default)]
    pub read_at: Option<DateTime<Utc>>,
}

impl NotificationView {
    /// The app page the notice is about, if any: a certificate's page, its
    /// class (sessions are shown on their class's page); for a selection,
    /// the classes the trainee may now apply to; for a password reset, their
    /// account page.
    pub fn link(&self) -> Option<String> {
        if let Some(number) = &self.detail.certificate {
            return Some(format!("/verify/{number}"));
        }
        match self.kind {
            NotificationKind::SelectedForStage => Some("/#classes-title".to_owned()),
            NotificationKind::PasswordReset => Some("/account".to_owned()),
            _ => self.class_id.map(|c| format!("/classes/{}", c.0)),
        }
    }
}

/// How many of the reader's notifications are unread, for the header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnreadCount {
    pub unread: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_reads_back_and_fits_its_column() {
        for kind in NotificationKind::ALL {
            assert_eq!(NotificationKind::parse(kind.as_str()), Some(*kind));
            assert!(kind.as_str().len() <= 32, "{}", kind.as_str());
        }
    }

    fn notice(kind: NotificationKind, class_id: Option<ClassId>) -> NotificationView {
        NotificationView {
            id: 1,
            kind,
            class_id,
            class_title: None,
            session_id: None,
            detail: NotificationDetail::default(),
            created_at: DateTime::<Utc>::UNIX_EPOCH,
            read_at: None,
        }
    }

    #[test]
    fn each_notice_links_to_where_its_reader_acts_on_it() {
        let class = Some(ClassId(7));
        let cancelled = notice(NotificationKind::ClassCancelled, class);
        assert_eq!(cancelled.link().as_deref(), Some("/classes/7"));
        let moved = notice(NotificationKind::SessionMoved, class);
        assert_eq!(moved.link().as_deref(), Some("/classes/7"));
        let selected = notice(NotificationKind::SelectedForStage, None);
        assert_eq!(selected.link().as_deref(), Some("/#classes-title"));
        let reset = notice(NotificationKind::PasswordReset, None);
        assert_eq!(reset.link().as_deref(), Some("/account"));
    }
}
