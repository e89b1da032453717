//! The one error shape of the API: a stable machine code that the UI
//! translates, a human message (English, for logs and API users) and, for
//! invalid input, which fields were wrong and why.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The body is not valid JSON or does not have the expected shape.
    InvalidBody,
    /// Well-formed input that breaks a rule; see `fields`.
    ValidationFailed,
    /// Not signed in, or the session expired.
    Unauthenticated,
    /// Signed in, but not allowed to do this.
    Forbidden,
    /// A state-changing request without the CSRF header.
    CsrfHeaderMissing,
    NotFound,
    MethodNotAllowed,
    /// Someone already registered with this mobile number.
    MobileTaken,
    /// Unknown mobile number or wrong password (deliberately not told apart).
    InvalidCredentials,
    /// Too many failed logins; try again later.
    TooManyAttempts,
    /// The region code does not name a known region.
    UnknownRegion,
    PayloadTooLarge,
    UnsupportedMediaType,
    /// The request conflicts with the current state of the resource.
    Conflict,
    /// Something went wrong on our side; details are in the server log.
    Internal,
    /// Only trainees enrolled in the course may do this.
    NotEnrolled,
    /// A progress report that cannot be true (more playback than time passed, past the end).
    ImplausibleProgress,
    /// More new study time (playback or reading) than the trainee's clock
    /// allows: more than the time that has passed.
    StudyTooFast,
    /// A lesson's playback is split into too many separate stretches; play
    /// on from where a stretch ends.
    ProgressTooFragmented,
    /// No attention check is waiting in this lesson.
    NoAttentionCheck,
    /// No attempts left on this quiz.
    QuizAttemptsExhausted,
    /// The attempt was submitted after its time limit.
    QuizTimeLimitExceeded,
    AttemptAlreadySubmitted,
    /// Answers name a question that was not drawn for this attempt.
    QuestionNotInAttempt,
    // Offline track: classes, enrollments, check-in.
    /// The trainee already has an application or seat in this class.
    AlreadyApplied,
    /// The class takes trainees by invitation only.
    InvitationOnly,
    /// A manager removed the trainee from this class; only a manager can
    /// re-admit them.
    RemovedFromClass,
    /// Every seat is taken; approving more would over-fill the class.
    SeatLimitReached,
    /// The trainee has no active application in this class.
    NotApplied,
    /// The class is not open for applications (draft, archived or ended).
    ClassNotOpen,
    /// The check-in code is wrong, or belongs to another session.
    InvalidCheckinCode,
    /// The check-in code was right a while ago but has rotated since.
    CheckinCodeExpired,
    /// Only trainees enrolled in the class can check in to its sessions.
    NotEnrolledInClass,
    /// Check-in is open only from shortly before a session until it ends.
    OutsideCheckinWindow,
    /// This trainee's attendance at the session is already recorded.
    AlreadyCheckedIn,
    /// A check-in or mark made with no signal claims a time ahead of the
    /// server's clock.
    DeviceTimeAhead,
    /// A check-in or mark made with no signal arrived after the sync window.
    SyncWindowPassed,
    /// A record of this trainee's attendance made later stands.
    AttendanceSuperseded,
    /// The roster file has problems (see `problems`); nothing was imported.
    RosterInvalid,
    /// The one-time password sheet was already downloaded, or there is none.
    PasswordSheetGone,
    /// This class's stage requires completing the previous stage first.
    StagePrerequisiteNotMet,
    /// This class's stage takes only trainees selected for it.
    NotSelectedForStage,
    /// The class serves another region than the trainee's home region.
    OutsideClassRegion,
    /// The account must set a password of its own first (it was created by
    /// an administrator or a roster import); only the current user, changing
    /// the password and signing out are answered until then.
    PasswordChangeRequired,
    /// The reset code is wrong, used or expired (deliberately not told apart).
    InvalidResetCode,
    /// Another programme already has this code.
    ProgrammeCodeTaken,
    /// Another platform already has this code or host name.
    PlatformTaken,
    /// Another platform owns this course or class.
    PlatformItemElsewhere,
    /// The course or class lies outside the platform's home region.
    PlatformItemOutsideRegion,
    /// Only published courses and open classes listed on the platform can
    /// be featured on it.
    PlatformItemNotListed,
    /// Classes or selections refer to this stage: retire it instead.
    StageInUse,
    /// The stage is retired: it takes no new classes.
    StageRetired,
    /// A seat limit below the seats already taken.
    SeatLimitBelowTaken,
    /// The class is cancelled: nothing more happens in it.
    ClassCancelled,
    /// The session is cancelled: it takes no check-ins and no changes.
    SessionCancelled,
    /// Only instructors whose region covers the class's can run it.
    InstructorOutOfScope,
    /// A class keeps at least one instructor.
    LastInstructor,
    /// A certificate logo or seal that is not a PNG or JPEG picture that
    /// can be read.
    CertificateImageInvalid,
    /// A certificate logo or seal over the size limit, in bytes or pixels.
    CertificateImageTooLarge,
    /// The batch of certificates is still being printed, or failed.
    CertificateBatchNotReady,
    /// A batch of the class's certificates is printing already: one at a
    /// time per class.
    CertificateBatchRunning,
}

/// Why one field was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ValidationError {
    Required,
    TooShort {
        min: u32,
    },
    TooLong {
        max: u32,
    },
    InvalidMobile,
    InvalidRegionCode,
    /// A password needs at least one letter and one digit.
    WeakPassword,
    /// Control characters or other characters that cannot appear here.
    InvalidCharacters,
    /// Only a coordinator role may carry a region.
    ScopeMismatch,
    /// A number outside its allowed range.
    OutOfRange {
        min: i64,
        max: i64,
    },
    /// An end that comes before its start.
    EndsBeforeStart,
    /// A setting that only makes sense with an attempt limit.
    NeedsAttemptLimit,
    /// A session outside the days its class runs.
    OutsideClassDates,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    pub field: String,
    pub error: ValidationError,
}

impl FieldError {
    pub fn new(field: &str, error: ValidationError) -> Self {
        Self {
            field: field.to_owned(),
            error,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiErrorBody {
    pub code: ErrorCode,
    pub message: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
}
