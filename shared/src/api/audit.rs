//! The audit trail (操作日志): who did what, in which role and scope, to
//! which object, when and from where. Records are written in the same
//! transaction as the change they describe and are never edited; the API
//! only lists and exports them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::status::wire_enum;
use crate::{RegionCode, UserId};

wire_enum!(
    /// What was done. One variant per privileged action; the list only grows
    /// (a stored name is never reused for something else).
    AuditAction {
        RolesChanged => "roles_changed",
        UserSignedOut => "user_signed_out",
        AccountCreated => "account_created",
        PasswordReset => "password_reset",
        ProfileChanged => "profile_changed",
        AccountDeleted => "account_deleted",
        TargetSet => "target_set",
        ProgrammeCreated => "programme_created",
        ProgrammeChanged => "programme_changed",
        PlatformCreated => "platform_created",
        PlatformChanged => "platform_changed",
        StageAdded => "stage_added",
        StageChanged => "stage_changed",
        StageDeleted => "stage_deleted",
        CourseCreated => "course_created",
        CoursePublished => "course_published",
        CourseUnpublished => "course_unpublished",
        ClassCreated => "class_created",
        ClassChanged => "class_changed",
        ClassCancelled => "class_cancelled",
        InstructorAssigned => "instructor_assigned",
        InstructorRemoved => "instructor_removed",
        SessionCreated => "session_created",
        SessionChanged => "session_changed",
        SessionCancelled => "session_cancelled",
        EnrollmentApproved => "enrollment_approved",
        EnrollmentRejected => "enrollment_rejected",
        EnrollmentRemoved => "enrollment_removed",
        ClassCompletionDecided => "class_completion_decided",
        AttendanceCorrected => "attendance_corrected",
        AttendanceConflict => "attendance_conflict",
        CandidateSelected => "candidate_selected",
        CandidateUnselected => "candidate_unselected",
        RosterImported => "roster_imported",
        PasswordSheetDownloaded => "password_sheet_downloaded",
        PasswordChanged => "password_changed",
        ResetCodeUsed => "reset_code_used",
        RegionChanged => "region_changed",
        CertificateRevoked => "certificate_revoked",
        CertificateReissued => "certificate_reissued",
        CertificateTemplateChanged => "certificate_template_changed",
        SigningKeyRotated => "signing_key_rotated",
        PlatformFeaturedChanged => "platform_featured_changed",
        PlatformItemOwned => "platform_item_owned",
        PlatformItemShared => "platform_item_shared",
        PlatformLogoChanged => "platform_logo_changed",
    }
);

wire_enum!(
    /// The kind of object an action was done to.
    AuditObject {
        User => "user",
        Programme => "programme",
        Platform => "platform",
        Stage => "stage",
        Target => "target",
        Course => "course",
        Class => "class",
        Session => "session",
        Enrollment => "enrollment",
        RosterImport => "roster_import",
        Certificate => "certificate",
        SigningKey => "signing_key",
    }
);

/// Which records to list. Coordinators see only records about objects in
/// their region; `region` narrows further.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct AuditQuery {
    /// Who acted.
    pub actor: Option<UserId>,
    pub action: Option<AuditAction>,
    pub object_kind: Option<AuditObject>,
    pub object_id: Option<i64>,
    /// Records about objects in this region (and below).
    pub region: Option<RegionCode>,
    /// From this instant on (inclusive).
    pub from: Option<DateTime<Utc>>,
    /// Before this instant (exclusive).
    pub until: Option<DateTime<Utc>>,
    /// At most this many items (1–100, default 20).
    #[serde(default, deserialize_with = "super::paging::limit")]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    pub limit: Option<u64>,
    /// Skip this many items first (at most 2^63 − 1).
    #[serde(default, deserialize_with = "super::paging::offset")]
    pub offset: Option<u64>,
}

impl AuditQuery {
    /// The filters as URL parameters (paging left out), for links and the export.
    pub fn to_query_string(&self) -> String {
        let mut pairs = Vec::new();
        if let Some(a) = self.actor {
            pairs.push(format!("actor={}", a.0));
        }
        if let Some(a) = self.action {
            pairs.push(format!("action={}", a.as_str()));
        }
        if let Some(k) = self.object_kind {
            pairs.push(format!("object_kind={}", k.as_str()));
        }
        if let Some(id) = self.object_id {
            pairs.push(format!("object_id={id}"));
        }
        if let Some(r) = &self.region {
            pairs.push(format!("region={r}"));
        }
        for (name, at) in [("from", self.from), ("until", self.until)] {
            if let Some(at) = at {
                let text = at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
                pairs.push(format!("{name}={}", text.replace('+', "%2B")));
            }
        }
        pairs.join("&")
    }
}

/// One audit record as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditRecordView {
    pub id: i64,
    pub at: DateTime<Utc>,
    /// Who acted (`None`: the system itself, e.g. a scheduled job).
    pub actor: Option<UserId>,
    pub actor_name: Option<String>,
    /// The roles (with their regions) the actor held when acting, e.g.
    /// `coordinator:510121`.
    pub actor_roles: String,
    pub action: AuditAction,
    pub object_kind: AuditObject,
    pub object_id: i64,
    /// The region the object belongs to, if it belongs to one.
    pub region: Option<String>,
    /// The relevant fields before and after, as JSON, where it matters.
    pub before: Option<String>,
    pub after: Option<String>,
    /// The address the request came from.
    pub address: Option<String>,
}
