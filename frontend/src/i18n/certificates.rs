//! Words of certificates: the trainee's list and the public verify page.

use cultivator_shared::api::certificates::{CertificateKind, CertificateStatus};

use super::{Locale, Text};

macro_rules! messages {
    ($($name:ident => ($zh:literal, $en:literal),)*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum CertMsg { $($name),* }

        impl CertMsg {
            pub const ALL: &'static [CertMsg] = &[$(CertMsg::$name),*];
        }

        impl Text for CertMsg {
            fn text(self, locale: Locale) -> &'static str {
                match (self, locale) {
                    $((CertMsg::$name, Locale::ZhCn) => $zh,
                      (CertMsg::$name, Locale::En) => $en,)*
                }
            }
        }
    };
}

messages! {
    MyCertificatesLink => ("我的结业证书", "My certificates"),
    MyCertificatesTitle => ("我的结业证书", "My certificates"),
    NoCertificates => ("还没有结业证书。完成课程或培训班后自动签发。", "No certificates yet. They are issued when you complete a course or class."),
    Download => ("下载 PDF", "Download PDF"),
    Number => ("证书编号", "Number"),
    Hours => ("学时", "Hours"),
    CompletedOn => ("结业日期", "Completed"),
    IssuedBy => ("发证单位", "Issued by"),
    Holder => ("持证人", "Holder"),
    Valid => ("有效", "Valid"),
    Revoked => ("已撤销", "Revoked"),
    RevokedOn => ("撤销时间", "Revoked on"),
    VerifyTitle => ("结业证书查验", "Verify a certificate"),
    VerifyNotFound => ("查无此证书：请核对编号。", "No certificate has this number: check it and try again."),
    VerifyThrottled => ("查询过于频繁，请稍后再试。", "Too many lookups from here; try again later."),
    KindCourse => ("在线课程", "Online course"),
    KindClass => ("培训班", "Class"),
    KindProgramme => ("培训计划（全部阶段）", "Programme (every stage)"),
    Open => ("查看", "Open"),
    SignatureValid => ("签名有效", "Signature valid"),
    SignedByKey => ("签名密钥", "signed by key"),
    SignatureInvalid => ("签名无效", "Signature invalid"),
    SignatureUnchecked => ("无法离线核验", "Cannot check offline"),
    OnlineStatus => ("联网查验", "Online check"),
    SignedFields => ("签名内容", "Signed fields"),
}

pub fn kind_name(kind: CertificateKind) -> CertMsg {
    match kind {
        CertificateKind::Course => CertMsg::KindCourse,
        CertificateKind::Class => CertMsg::KindClass,
        CertificateKind::Programme => CertMsg::KindProgramme,
    }
}

pub fn status_name(status: CertificateStatus) -> CertMsg {
    match status {
        CertificateStatus::Valid => CertMsg::Valid,
        CertificateStatus::Revoked => CertMsg::Revoked,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_has_both_languages() {
        for msg in CertMsg::ALL {
            assert!(!msg.text(Locale::ZhCn).is_empty());
            assert!(!msg.text(Locale::En).is_empty());
        }
    }
}
