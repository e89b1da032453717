//! The one error type of the HTTP layer and its single `IntoResponse`: a
//! stable code from `cultivator_shared::ErrorCode`, a message and the right
//! status. Internal causes are logged, never sent.

use axum::extract::rejection::JsonRejection;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use cultivator_shared::{ApiErrorBody, ErrorCode, FieldError};

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// Unparseable JSON (400) or JSON of the wrong shape (422).
    #[error("invalid request body: {detail}")]
    InvalidBody { status: StatusCode, detail: String },
    #[error("some fields are invalid")]
    Validation(Vec<FieldError>),
    #[error("sign in first")]
    Unauthenticated,
    #[error("you are not allowed to do this")]
    Forbidden,
    #[error(
        "state-changing requests need the {} header",
        cultivator_shared::CSRF_HEADER
    )]
    CsrfHeaderMissing,
    #[error("not found")]
    NotFound,
    #[error("method not allowed")]
    MethodNotAllowed,
    #[error("this mobile number is already registered")]
    MobileTaken,
    #[error("wrong mobile number or password")]
    InvalidCredentials,
    #[error("too many failed attempts; try again in {retry_after_secs} seconds")]
    TooManyAttempts { retry_after_secs: u64 },
    #[error("unknown region {0}")]
    UnknownRegion(String),
    #[error("request body too large")]
    PayloadTooLarge,
    #[error("expected a JSON body (Content-Type: application/json)")]
    UnsupportedMediaType,
    #[error("internal error")]
    Internal(#[source] anyhow::Error),
    #[error("enrol in this course first")]
    NotEnrolled,
    #[error("implausible progress report: {0}")]
    ImplausibleProgress(String),
    #[error("too fast: {0}")]
    StudyTooFast(String),
    #[error("this lesson's playback is split into too many separate stretches")]
    ProgressTooFragmented,
    #[error("no attention check is waiting in this lesson")]
    NoAttentionCheck,
    #[error("no attempts left on this quiz")]
    QuizAttemptsExhausted,
    #[error("the quiz's time limit has passed")]
    QuizTimeLimitExceeded,
    #[error("this attempt was already submitted")]
    AttemptAlreadySubmitted,
    #[error("question {0} is not in this attempt")]
    QuestionNotInAttempt(i64),
    #[error("already applied to this class")]
    AlreadyApplied,
    #[error("this class is by invitation only")]
    InvitationOnly,
    #[error("removed from this class by its managers")]
    RemovedFromClass,
    #[error("every seat is taken")]
    SeatLimitReached,
    #[error("no active application in this class")]
    NotApplied,
    #[error("the class is not open for applications")]
    ClassNotOpen,
    #[error("{0}")]
    StateConflict(String),
    #[error("wrong check-in code")]
    InvalidCheckinCode,
    #[error("the check-in code has expired")]
    CheckinCodeExpired,
    #[error("not enrolled in this class")]
    NotEnrolledInClass,
    #[error("check-in is not open for this session now")]
    OutsideCheckinWindow,
    #[error("already checked in")]
    AlreadyCheckedIn,
    #[error("the device's clock is ahead of the server's")]
    DeviceTimeAhead,
    #[error("made with no signal too long ago: the sync window has passed")]
    SyncWindowPassed,
    #[error("a later record of this trainee's attendance stands")]
    AttendanceSuperseded,
    #[error("the file is larger than the limit of {max_bytes} bytes")]
    MediaTooLarge { max_bytes: u64 },
    #[error("this lesson accepts {accepted}")]
    MediaTypeNotAccepted { accepted: &'static str },
    #[error("the one-time password sheet was already downloaded")]
    PasswordSheetGone,
    #[error("complete the previous stage first")]
    StagePrerequisiteNotMet,
    #[error("not selected for this stage")]
    NotSelectedForStage,
    #[error("the class serves another region")]
    OutsideClassRegion,
    #[error("set a password of your own first")]
    PasswordChangeRequired,
    #[error("wrong, used or expired reset code")]
    InvalidResetCode,
    #[error("another programme already has this code")]
    ProgrammeCodeTaken,
    #[error("another platform already has this code or host name")]
    PlatformTaken,
    #[error("another platform owns this course or class")]
    PlatformItemElsewhere,
    #[error("the course or class lies outside the platform's home region")]
    PlatformItemOutsideRegion,
    #[error("only published courses and open classes listed on the platform can be featured")]
    PlatformItemNotListed,
    #[error("classes or selections refer to this stage; retire it instead")]
    StageInUse,
    #[error("this stage is retired and takes no new classes")]
    StageRetired,
    #[error("{taken} seats are taken; the seat limit cannot be lower")]
    SeatLimitBelowTaken { taken: u32 },
    #[error("the class is cancelled")]
    ClassCancelled,
    #[error("the session is cancelled")]
    SessionCancelled,
    #[error("only an instructor whose region covers the class's can run it")]
    InstructorOutOfScope,
    #[error("a class keeps at least one instructor")]
    LastInstructor,
    #[error("not a readable PNG or JPEG picture: {0}")]
    CertificateImageInvalid(String),
    #[error("the picture is too large: {0}")]
    CertificateImageTooLarge(String),
    #[error("the batch of certificates is not ready")]
    CertificateBatchNotReady,
    #[error("a batch of this class's certificates is printing")]
    CertificateBatchRunning,
}

impl ApiError {
    pub fn internal(cause: impl Into<anyhow::Error>) -> Self {
        ApiError::Internal(cause.into())
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            ApiError::InvalidBody { .. } => ErrorCode::InvalidBody,
            ApiError::Validation(_) => ErrorCode::ValidationFailed,
            ApiError::Unauthenticated => ErrorCode::Unauthenticated,
            ApiError::Forbidden => ErrorCode::Forbidden,
            ApiError::CsrfHeaderMissing => ErrorCode::CsrfHeaderMissing,
            ApiError::NotFound => ErrorCode::NotFound,
            ApiError::MethodNotAllowed => ErrorCode::MethodNotAllowed,
            ApiError::MobileTaken => ErrorCode::MobileTaken,
            ApiError::InvalidCredentials => ErrorCode::InvalidCredentials,
            ApiError::TooManyAttempts { .. } => ErrorCode::TooManyAttempts,
            ApiError::UnknownRegion(_) => ErrorCode::UnknownRegion,
            ApiError::PayloadTooLarge | ApiError::MediaTooLarge { .. } => {
                ErrorCode::PayloadTooLarge
            }
            ApiError::UnsupportedMediaType | ApiError::MediaTypeNotAccepted { .. } => {
                ErrorCode::UnsupportedMediaType
            }
            ApiError::Internal(_) => ErrorCode::Internal,
            ApiError::NotEnrolled => ErrorCode::NotEnrolled,
            ApiError::ImplausibleProgress(_) => ErrorCode::ImplausibleProgress,
            ApiError::StudyTooFast(_) => ErrorCode::StudyTooFast,
            ApiError::ProgressTooFragmented => ErrorCode::ProgressTooFragmented,
            ApiError::NoAttentionCheck => ErrorCode::NoAttentionCheck,
            ApiError::QuizAttemptsExhausted => ErrorCode::QuizAttemptsExhausted,
            ApiError::QuizTimeLimitExceeded => ErrorCode::QuizTimeLimitExceeded,
            ApiError::AttemptAlreadySubmitted => ErrorCode::AttemptAlreadySubmitted,
            ApiError::QuestionNotInAttempt(_) => ErrorCode::QuestionNotInAttempt,
            ApiError::AlreadyApplied => ErrorCode::AlreadyApplied,
            ApiError::InvitationOnly => ErrorCode::InvitationOnly,
            ApiError::RemovedFromClass => ErrorCode::RemovedFromClass,
            ApiError::SeatLimitReached => ErrorCode::SeatLimitReached,
            ApiError::NotApplied => ErrorCode::NotApplied,
            ApiError::ClassNotOpen => ErrorCode::ClassNotOpen,
            ApiError::StateConflict(_) => ErrorCode::Conflict,
            ApiError::InvalidCheckinCode => ErrorCode::InvalidCheckinCode,
            ApiError::CheckinCodeExpired => ErrorCode::CheckinCodeExpired,
            ApiError::NotEnrolledInClass => ErrorCode::NotEnrolledInClass,
            ApiError::OutsideCheckinWindow => ErrorCode::OutsideCheckinWindow,
            ApiError::AlreadyCheckedIn => ErrorCode::AlreadyCheckedIn,
            ApiError::DeviceTimeAhead => ErrorCode::DeviceTimeAhead,
            ApiError::SyncWindowPassed => ErrorCode::SyncWindowPassed,
            ApiError::AttendanceSuperseded => ErrorCode::AttendanceSuperseded,
            ApiError::PasswordSheetGone => ErrorCode::PasswordSheetGone,
            ApiError::StagePrerequisiteNotMet => ErrorCode::StagePrerequisiteNotMet,
            ApiError::NotSelectedForStage => ErrorCode::NotSelectedForStage,
            ApiError::OutsideClassRegion => ErrorCode::OutsideClassRegion,
            ApiError::PasswordChangeRequired => ErrorCode::PasswordChangeRequired,
            ApiError::InvalidResetCode => ErrorCode::InvalidResetCode,
            ApiError::ProgrammeCodeTaken => ErrorCode::ProgrammeCodeTaken,
            ApiError::PlatformTaken => ErrorCode::PlatformTaken,
            ApiError::PlatformItemElsewhere => ErrorCode::PlatformItemElsewhere,
            ApiError::PlatformItemOutsideRegion => ErrorCode::PlatformItemOutsideRegion,
            ApiError::PlatformItemNotListed => ErrorCode::PlatformItemNotListed,
            ApiError::StageInUse => ErrorCode::StageInUse,
            ApiError::StageRetired => ErrorCode::StageRetired,
            ApiError::SeatLimitBelowTaken { .. } => ErrorCode::SeatLimitBelowTaken,
            ApiError::ClassCancelled => ErrorCode::ClassCancelled,
            ApiError::SessionCancelled => ErrorCode::SessionCancelled,
            ApiError::InstructorOutOfScope => ErrorCode::InstructorOutOfScope,
            ApiError::LastInstructor => ErrorCode::LastInstructor,
            ApiError::CertificateImageInvalid(_) => ErrorCode::CertificateImageInvalid,
            ApiError::CertificateImageTooLarge(_) => ErrorCode::CertificateImageTooLarge,
            ApiError::CertificateBatchNotReady => ErrorCode::CertificateBatchNotReady,
            ApiError::CertificateBatchRunning => ErrorCode::CertificateBatchRunning,
        }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::InvalidBody { status, .. } => *status,
            ApiError::Validation(_) | ApiError::UnknownRegion(_) => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            ApiError::Unauthenticated | ApiError::InvalidCredentials => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden | ApiError::CsrfHeaderMissing => StatusCode::FORBIDDEN,
            ApiError::NotFound => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::MobileTaken => StatusCode::CONFLICT,
            ApiError::TooManyAttempts { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::PayloadTooLarge | ApiError::MediaTooLarge { .. } => {
                StatusCode::PAYLOAD_TOO_LARGE
            }
            ApiError::UnsupportedMediaType | ApiError::MediaTypeNotAccepted { .. } => {
                StatusCode::UNSUPPORTED_MEDIA_TYPE
            }
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            ApiError::NotEnrolled => StatusCode::FORBIDDEN,
            ApiError::ImplausibleProgress(_)
            | ApiError::StudyTooFast(_)
            | ApiError::ProgressTooFragmented => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::NoAttentionCheck => StatusCode::CONFLICT,
            ApiError::QuizAttemptsExhausted
            | ApiError::QuizTimeLimitExceeded
            | ApiError::AttemptAlreadySubmitted => StatusCode::CONFLICT,
            ApiError::QuestionNotInAttempt(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::AlreadyApplied
            | ApiError::SeatLimitReached
            | ApiError::NotApplied
            | ApiError::ClassNotOpen
            | ApiError::StateConflict(_) => StatusCode::CONFLICT,
            ApiError::InvitationOnly
            | ApiError::RemovedFromClass
            | ApiError::NotEnrolledInClass => StatusCode::FORBIDDEN,
            ApiError::InvalidCheckinCode | ApiError::CheckinCodeExpired => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            ApiError::OutsideCheckinWindow
            | ApiError::AlreadyCheckedIn
            | ApiError::AttendanceSuperseded => StatusCode::CONFLICT,
            ApiError::DeviceTimeAhead | ApiError::SyncWindowPassed => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            ApiError::PasswordSheetGone => StatusCode::GONE,
            ApiError::StagePrerequisiteNotMet
            | ApiError::NotSelectedForStage
            | ApiError::OutsideClassRegion
            | ApiError::PasswordChangeRequired => StatusCode::FORBIDDEN,
            ApiError::InvalidResetCode => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::ProgrammeCodeTaken
            | ApiError::PlatformTaken
            | ApiError::PlatformItemElsewhere
            | ApiError::StageInUse
            | ApiError::StageRetired => StatusCode::CONFLICT,
            ApiError::SeatLimitBelowTaken { .. }
            | ApiError::ClassCancelled
            | ApiError::SessionCancelled
            | ApiError::LastInstructor => StatusCode::CONFLICT,
            ApiError::InstructorOutOfScope
            | ApiError::PlatformItemOutsideRegion
            | ApiError::PlatformItemNotListed => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::CertificateImageInvalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::CertificateImageTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::CertificateBatchNotReady | ApiError::CertificateBatchRunning => {
                StatusCode::CONFLICT
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::Internal(cause) = &self {
            tracing::error!(error = ?cause, "request failed");
        }
        let status = self.status();
        let retry_after = match &self {
            ApiError::TooManyAttempts { retry_after_secs } => Some(*retry_after_secs),
            _ => None,
        };
        let message = self.to_string();
        let code = self.code();
        let fields = match self {
            ApiError::Validation(fields) => fields,
            _ => Vec::new(),
        };
        let mut response = (
            status,
            axum::Json(ApiErrorBody {
                code,
                message,
                fields,
            }),
        )
            .into_response();
        if let Some(secs) = retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response
    }
}

/// The answer to a handler that panicked: logged, and a 500 in the usual
/// shape, rather than a connection closed with no response.
pub fn panic_response(panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let what = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("a panic without a message");
    ApiError::internal(anyhow::anyhow!("handler panicked: {what}")).into_response()
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        match rejection {
            JsonRejection::MissingJsonContentType(_) => ApiError::UnsupportedMediaType,
            JsonRejection::BytesRejection(_)
                if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE =>
            {
                ApiError::PayloadTooLarge
            }
            other => ApiError::InvalidBody {
                status: other.status(),
                detail: other.body_text(),
            },
        }
    }
}

impl From<sea_orm::DbErr> for ApiError {
    fn from(err: sea_orm::DbErr) -> Self {
        ApiError::internal(err)
    }
}

impl From<tower_sessions::session::Error> for ApiError {
    fn from(err: tower_sessions::session::Error) -> Self {
        ApiError::internal(err)
    }
}

/// A raw body (an uploaded file) whose rejections, such as one over the
/// route's size limit, come back in the API's error shape.
#[derive(Debug, Clone)]
pub struct ApiBytes(pub axum::body::Bytes);

impl<S: Send + Sync> axum::extract::FromRequest<S> for ApiBytes {
    type Rejection = ApiError;

    async fn from_request(request: axum::extract::Request, state: &S) -> Result<Self, ApiError> {
        Ok(ApiBytes(
            axum::body::Bytes::from_request(request, state).await?,
        ))
    }
}

impl From<axum::extract::rejection::BytesRejection> for ApiError {
    fn from(rejection: axum::extract::rejection::BytesRejection) -> Self {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::PayloadTooLarge
        } else {
            ApiError::InvalidBody {
                status: rejection.status(),
                detail: rejection.body_text(),
            }
        }
    }
}

/// A JSON body whose parse errors come back in the API's error shape.
#[derive(Debug, Clone, Copy, Default, axum::extract::FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct ApiJson<T>(pub T);

impl<T: serde::Serialize> IntoResponse for ApiJson<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

impl From<axum::extract::rejection::QueryRejection> for ApiError {
    fn from(rejection: axum::extract::rejection::QueryRejection) -> Self {
        ApiError::InvalidBody {
            status: StatusCode::BAD_REQUEST,
            detail: rejection.body_text(),
        }
    }
}

/// Query parameters whose parse errors come back in the API's error shape.
#[derive(Debug, Clone, Copy, Default, axum::extract::FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiError))]
pub struct ApiQuery<T>(pub T);

impl From<crate::domain::accounts::AccountError> for ApiError {
    fn from(err: crate::domain::accounts::AccountError) -> Self {
        use crate::domain::accounts::AccountError;
        match err {
            AccountError::MobileTaken => ApiError::MobileTaken,
            AccountError::UnknownRegion(code) => ApiError::UnknownRegion(code.to_string()),
            AccountError::InvalidCredentials => ApiError::InvalidCredentials,
            AccountError::Locked(retry_after_secs) => {
                ApiError::TooManyAttempts { retry_after_secs }
            }
            AccountError::UserNotFound => ApiError::NotFound,
            AccountError::InvalidResetCode => ApiError::InvalidResetCode,
            err @ AccountError::FileRejected { .. } => ApiError::internal(err),
            AccountError::Db(err) => ApiError::internal(err),
            AccountError::Password(err) => ApiError::internal(err),
        }
    }
}

impl From<crate::domain::coordination::targets::CoordinationError> for ApiError {
    fn from(err: crate::domain::coordination::targets::CoordinationError) -> Self {
        use crate::domain::coordination::targets::CoordinationError;
        match err {
            CoordinationError::UnknownProgramme | CoordinationError::UnknownPlatform => {
                ApiError::NotFound
            }
            CoordinationError::UnknownRegion(code) => ApiError::UnknownRegion(code),
            CoordinationError::Db(err) => ApiError::internal(err),
            CoordinationError::Encode(err) => ApiError::internal(anyhow::anyhow!(err)),
        }
    }
}

impl From<crate::domain::classes::applications::EnrollmentError> for ApiError {
    fn from(err: crate::domain::classes::applications::EnrollmentError) -> Self {
        use crate::domain::classes::applications::EnrollmentError as E;
        match err {
            E::ClassNotFound | E::EnrollmentNotFound => ApiError::NotFound,
            E::ClassNotOpen => ApiError::ClassNotOpen,
            E::AlreadyApplied => ApiError::AlreadyApplied,
            E::InvitationOnly => ApiError::InvitationOnly,
            E::RemovedFromClass => ApiError::RemovedFromClass,
            E::SeatLimitReached => ApiError::SeatLimitReached,
            E::NotApplied => ApiError::NotApplied,
            err @ E::WrongState(_) => ApiError::StateConflict(err.to_string()),
            E::Db(err) => ApiError::internal(err),
            E::OutsideRegion => ApiError::OutsideClassRegion,
            E::Pathway(err) => err.into(),
        }
    }
}

impl From<crate::domain::device_time::TimeRefused> for ApiError {
    fn from(why: crate::domain::device_time::TimeRefused) -> Self {
        use crate::domain::device_time::TimeRefused;
        match why {
            TimeRefused::Ahead => ApiError::DeviceTimeAhead,
            TimeRefused::TooLate => ApiError::SyncWindowPassed,
        }
    }
}

impl From<crate::domain::learning::enrolment::LearningError> for ApiError {
    fn from(err: crate::domain::learning::enrolment::LearningError) -> Self {
        use crate::domain::learning::enrolment::LearningError;
        use crate::domain::learning::watch::WatchError;
        match err {
            LearningError::CourseNotFound | LearningError::LessonNotFound => ApiError::NotFound,
            LearningError::NotEnrolled => ApiError::NotEnrolled,
            LearningError::SessionEnded => ApiError::Unauthenticated,
            LearningError::NotATrainee => ApiError::Forbidden,
            LearningError::Implausible(err @ WatchError::TooFast { .. }) => {
                ApiError::StudyTooFast(err.to_string())
            }
            LearningError::Implausible(WatchError::TooFragmented) => {
                ApiError::ProgressTooFragmented
            }
            LearningError::Implausible(err) => ApiError::ImplausibleProgress(err.to_string()),
            LearningError::ReadingTooFast(err) => ApiError::StudyTooFast(err.to_string()),
            LearningError::NoAttentionCheck => ApiError::NoAttentionCheck,
            LearningError::Db(err) => ApiError::internal(err),
        }
    }
}

impl From<crate::domain::classes::setup::ClassError> for ApiError {
    fn from(err: crate::domain::classes::setup::ClassError) -> Self {
        use crate::domain::classes::setup::ClassError as E;
        match err {
            E::NotFound => ApiError::NotFound,
            E::UnknownRegion(code) => ApiError::UnknownRegion(code),
            E::UnknownProgramme => ApiError::Validation(vec![cultivator_shared::FieldError::new(
                "programme_id",
                cultivator_shared::ValidationError::Required,
            )]),
            E::StageRetired => ApiError::StageRetired,
            E::Invalid(fields) => ApiError::Validation(fields),
            E::Db(err) => ApiError::internal(err),
        }
    }
}

impl From<crate::domain::learning::quizzes::QuizError> for ApiError {
    fn from(err: crate::domain::learning::quizzes::QuizError) -> Self {
        use crate::domain::learning::quizzes::QuizError;
        match err {
            QuizError::NotFound => ApiError::NotFound,
            QuizError::NotEnrolled => ApiError::NotEnrolled,
            QuizError::AttemptsExhausted => ApiError::QuizAttemptsExhausted,
            QuizError::TimeUp => ApiError::QuizTimeLimitExceeded,
            QuizError::AlreadySubmitted => ApiError::AttemptAlreadySubmitted,
            QuizError::NotInAttempt(q) => ApiError::QuestionNotInAttempt(q),
            QuizError::Invalid(fields) => ApiError::Validation(fields),
            QuizError::Db(err) => ApiError::internal(err),
        }
    }
}

impl From<crate::domain::integrity::report::ReportError> for ApiError {
    fn from(err: crate::domain::integrity::report::ReportError) -> Self {
        ApiError::internal(err)
    }
}

impl From<crate::domain::programmes::ProgrammeError> for ApiError {
    fn from(err: crate::domain::programmes::ProgrammeError) -> Self {
        use crate::domain::programmes::ProgrammeError as E;
        match err {
            E::NotFound | E::StageNotFound => ApiError::NotFound,
            E::CodeTaken => ApiError::ProgrammeCodeTaken,
            E::StageInUse => ApiError::StageInUse,
            E::UnknownRegion(code) => ApiError::UnknownRegion(code),
            E::Invalid(fields) => ApiError::Validation(fields),
            E::Db(err) => ApiError::internal(err),
        }
    }
}

impl From<crate::domain::platforms::PlatformError> for ApiError {
    fn from(err: crate::domain::platforms::PlatformError) -> Self {
        use crate::domain::platforms::PlatformError as E;
        match err {
            E::NotFound => ApiError::NotFound,
            E::Taken => ApiError::PlatformTaken,
            E::ItemNotFound => ApiError::NotFound,
            E::ItemElsewhere => ApiError::PlatformItemElsewhere,
            E::ItemOutsideRegion => ApiError::PlatformItemOutsideRegion,
            E::ItemNotListed => ApiError::PlatformItemNotListed,
            E::LogoTooLarge => ApiError::PayloadTooLarge,
            E::LogoUnreadable => ApiError::UnsupportedMediaType,
            E::UnknownRegion(code) => ApiError::UnknownRegion(code),
            E::Invalid(fields) => ApiError::Validation(fields),
            E::Db(err) => ApiError::internal(err),
        }
    }
}

impl From<crate::domain::audit::ExportError> for ApiError {
    fn from(err: crate::domain::audit::ExportError) -> Self {
        ApiError::internal(err)
    }
}

impl From<crate::domain::classes::checkin::CheckinError> for ApiError {
    fn from(err: crate::domain::classes::checkin::CheckinError) -> Self {
        use crate::domain::classes::checkin::CheckinError as E;
        match err {
            E::SessionNotFound => ApiError::NotFound,
            E::InvalidCode => ApiError::InvalidCheckinCode,
            E::CodeExpired => ApiError::CheckinCodeExpired,
            E::NotEnrolled => ApiError::NotEnrolledInClass,
            E::OutsideWindow => ApiError::OutsideCheckinWindow,
            E::AlreadyCheckedIn => ApiError::AlreadyCheckedIn,
            E::DeviceTimeAhead => ApiError::DeviceTimeAhead,
            E::SyncWindowPassed => ApiError::SyncWindowPassed,
            E::Superseded => ApiError::AttendanceSuperseded,
            E::Locked(retry_after_secs) => ApiError::TooManyAttempts { retry_after_secs },
            E::SessionCancelled => ApiError::SessionCancelled,
            E::ClassCancelled => ApiError::ClassCancelled,
            E::Db(err) => ApiError::internal(err),
        }
    }
}

impl From<crate::domain::classes::changes::ChangeError> for ApiError {
    fn from(err: crate::domain::classes::changes::ChangeError) -> Self {
        use crate::domain::classes::changes::ChangeError as E;
        match err {
            E::NotFound => ApiError::NotFound,
            E::Invalid(fields) => ApiError::Validation(fields),
            E::SeatLimitBelowTaken { taken } => ApiError::SeatLimitBelowTaken { taken },
            E::ClassCancelled => ApiError::ClassCancelled,
            E::SessionCancelled => ApiError::SessionCancelled,
            E::InstructorOutOfScope => ApiError::InstructorOutOfScope,
            E::LastInstructor => ApiError::LastInstructor,
            err @ E::AlreadyInstructor => ApiError::StateConflict(err.to_string()),
            E::Db(err) => ApiError::internal(err),
        }
    }
}

impl From<crate::domain::classes::online_courses::OnlineClassError> for ApiError {
    fn from(err: crate::domain::classes::online_courses::OnlineClassError) -> Self {
        use crate::domain::classes::online_courses::OnlineClassError as E;
        match err {
            err @ E::NotOnline => ApiError::StateConflict(err.to_string()),
            E::Invalid(fields) => ApiError::Validation(fields),
            E::Db(err) => ApiError::internal(err),
        }
    }
}

impl From<crate::domain::learning::authoring::AuthoringError> for ApiError {
    fn from(err: crate::domain::learning::authoring::AuthoringError) -> Self {
        use crate::domain::learning::authoring::AuthoringError;
        match err {
            AuthoringError::NotFound => ApiError::NotFound,
            AuthoringError::Invalid(fields) => ApiError::Validation(fields),
            err @ (AuthoringError::OrderMismatch | AuthoringError::KindChange) => {
                ApiError::StateConflict(err.to_string())
            }
            AuthoringError::Db(err) => ApiError::internal(err),
        }
    }
}

impl From<crate::domain::completion::offline_class::FinaliseError> for ApiError {
    fn from(err: crate::domain::completion::offline_class::FinaliseError) -> Self {
        use crate::domain::completion::offline_class::FinaliseError as E;
        match err {
            E::NotFound => ApiError::NotFound,
            err @ E::NoThreshold => ApiError::StateConflict(err.to_string()),
            E::Db(err) => ApiError::internal(err),
        }
    }
}

impl From<crate::domain::classes::export::ExportError> for ApiError {
    fn from(err: crate::domain::classes::export::ExportError) -> Self {
        ApiError::internal(err)
    }
}

impl From<crate::domain::classes::pathway::PathwayError> for ApiError {
    fn from(err: crate::domain::classes::pathway::PathwayError) -> Self {
        use crate::domain::classes::pathway::PathwayError as E;
        match err {
            E::StageNotFound | E::PersonNotFound => ApiError::NotFound,
            E::PrerequisiteNotMet => ApiError::StagePrerequisiteNotMet,
            E::NotSelected => ApiError::NotSelectedForStage,
            err @ (E::NoStage | E::NotACandidate) => ApiError::StateConflict(err.to_string()),
            E::Db(err) => ApiError::internal(err),
        }
    }
}

/// All but `Rejected`, which the roster route answers with its own body.
impl From<crate::domain::classes::roster_import::RosterImportError> for ApiError {
    fn from(err: crate::domain::classes::roster_import::RosterImportError) -> Self {
        use crate::domain::classes::roster_import::RosterImportError as E;
        match err {
            E::NotFound | E::ClassNotFound => ApiError::NotFound,
            E::SheetGone => ApiError::PasswordSheetGone,
            err @ E::Rejected { .. } => ApiError::internal(err),
            E::Pathway(err) => err.into(),
            E::Db(err) => ApiError::internal(err),
            E::Password(err) => ApiError::internal(err),
        }
    }
}

impl From<crate::domain::certificates::CertificateError> for ApiError {
    fn from(err: crate::domain::certificates::CertificateError) -> Self {
        use crate::domain::certificates::CertificateError as E;
        match err {
            E::NotFound => ApiError::NotFound,
            E::Throttled(secs) => ApiError::TooManyAttempts {
                retry_after_secs: secs,
            },
            E::Db(e) => e.into(),
            E::Pdf(e) => ApiError::internal(e),
            E::Rendering(e) => ApiError::internal(anyhow::anyhow!(e)),
            E::ImageInvalid(why) => ApiError::CertificateImageInvalid(why),
            E::ImageTooLarge(why) => ApiError::CertificateImageTooLarge(why),
            E::BatchNotReady => ApiError::CertificateBatchNotReady,
            E::BatchRunning => ApiError::CertificateBatchRunning,
            E::Invalid(fields) => ApiError::Validation(fields),
        }
    }
}

#[cfg(test)]
mod tests {
    use axum::Router;
    use axum::body::to_bytes;
    use axum::http::{Request, StatusCode};
    use axum::routing::get;
    use cultivator_shared::{ApiErrorBody, ErrorCode};
    use tower::ServiceExt;
    use tower_http::catch_panic::CatchPanicLayer;

    async fn boom() -> &'static str {
        panic!("boom")
    }

    #[tokio::test]
    async fn a_panicking_handler_answers_500_internal() -> anyhow::Result<()> {
        let app = Router::new()
            .route("/boom", get(boom))
            .layer(CatchPanicLayer::custom(super::panic_response));
        let response = app
            .oneshot(Request::get("/boom").body(axum::body::Body::empty())?)
            .await?;
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let body: ApiErrorBody =
            serde_json::from_slice(&to_bytes(response.into_body(), 4096).await?)?;
        assert_eq!(body.code, ErrorCode::Internal);
        assert!(
            !body.message.contains("boom"),
            "the cause is logged, not sent"
        );
        Ok(())
    }
}
