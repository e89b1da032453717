//! Words of certificates for staff: a class's certificates and their
//! printing, and a programme's certificate design.

use cultivator_shared::api::certificates::BatchState;

use super::{Locale, Text};

macro_rules! messages {
    ($($name:ident => ($zh:literal, $en:literal),)*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum CertStaffMsg { $($name),* }

        impl CertStaffMsg {
            pub const ALL: &'static [CertStaffMsg] = &[$(CertStaffMsg::$name),*];
        }

        impl Text for CertStaffMsg {
            fn text(self, locale: Locale) -> &'static str {
                match (self, locale) {
                    $((CertStaffMsg::$name, Locale::ZhCn) => $zh,
                      (CertStaffMsg::$name, Locale::En) => $en,)*
                }
            }
        }
    };
}

messages! {
    ClassCertificatesTitle => ("结业证书", "Certificates"),
    ShowCertificates => ("查看结业证书", "Certificates"),
    NoPersonCertificates => ("还没有结业证书。", "No certificates yet."),
    NoClassCertificates => ("本班还没有人获得结业证书：结业后自动签发。", "No one in this class has a certificate yet: they are issued on completion."),
    Status => ("状态", "Status"),
    PrintAll => ("批量打印全部有效证书", "Print every valid certificate"),
    PrintHint => ("在后台生成：一个可直接打印的 PDF（每人一页），以及每人一个 PDF 的 ZIP 压缩包。", "Printed in the background: one print-ready PDF (a page each) and a ZIP of one PDF per person."),
    BatchRunning => ("正在生成", "Printing"),
    BatchReady => ("已生成", "Ready"),
    BatchFailed => ("生成失败，请重新打印。", "Printing failed; start it again."),
    BatchPdf => ("合并 PDF（每人一页）", "One PDF (a page each)"),
    BatchZip => ("ZIP（每人一个 PDF）", "ZIP (a PDF each)"),
    BatchKeptUntil => ("文件保留至", "Files kept until"),
    RecentBatches => ("最近一天的批量打印", "Printed in the last day"),
    DesignTitle => ("证书模板", "Certificate design"),
    DesignHint => ("发证单位签入此后签发的证书；已签发的证书保持原样。留空则使用默认文字。", "The issuer is signed into certificates issued from now on; those issued before keep theirs. Empty fields print the defaults."),
    IssuerZh => ("发证单位（中文）", "Issuing organisation (Chinese)"),
    IssuerEn => ("发证单位（英文）", "Issuing organisation (English)"),
    Heading => ("标题（默认：结业证书）", "Heading (default: 结业证书)"),
    Closing => ("结语（默认：经考核合格，特发此证。）", "Closing line (default: 经考核合格，特发此证。)"),
    SignatoryName => ("签发人", "Signatory"),
    SignatoryTitle => ("签发人职务", "Signatory's title"),
    SaveDesign => ("保存模板", "Save design"),
    DesignSaved => ("模板已保存。", "Design saved."),
    Logo => ("徽标", "Logo"),
    Seal => ("印章", "Seal"),
    ImageUploaded => ("已上传", "Uploaded"),
    ImageMissing => ("未上传", "None yet"),
    UploadImage => ("上传（PNG 或 JPEG，不超过 512 KB、1200 像素）", "Upload (PNG or JPEG, at most 512 kB and 1,200 pixels)"),
    Preview => ("预览样张（PDF）", "Preview a sample (PDF)"),
}

pub fn batch_state_name(state: BatchState) -> CertStaffMsg {
    match state {
        BatchState::Running => CertStaffMsg::BatchRunning,
        BatchState::Ready => CertStaffMsg::BatchReady,
        BatchState::Failed => CertStaffMsg::BatchFailed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_has_both_languages() {
        for msg in CertStaffMsg::ALL {
            assert!(!msg.text(Locale::ZhCn).is_empty());
            assert!(!msg.text(Locale::En).is_empty());
        }
    }
}
