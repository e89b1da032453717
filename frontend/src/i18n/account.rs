//! Words of the pages where people run their own account: `/account`,
//! `/set-password` and `/reset-password`.

use super::online::text_enum;

text_enum!(
    /// Fixed texts of the account pages.
    AccountMsg {
        AccountTitle => ("我的账号", "My account"),
        NameSection => ("姓名", "Name"),
        RenameSubmit => ("保存姓名", "Save name"),
        RenameHint => (
            "修改原因会记入操作日志，例如“身份证姓名更正”。",
            "The reason is kept in the audit trail, e.g. \u{201c}name corrected to match ID card\u{201d}."
        ),
        Renamed => ("姓名已保存。", "Name saved."),
        RegionByStaff => (
            "常住地如需变更，请联系所在县的培训工作人员。",
            "To change your home region, ask the training staff of your county."
        ),
        PasswordSection => ("修改密码", "Change password"),
        ChangePasswordSubmit => ("修改密码", "Change password"),
        PasswordChanged => (
            "密码已修改。其他设备上的登录已全部退出。",
            "Password changed. You are signed out on every other device."
        ),
        DataSection => ("下载我的数据", "Download my data"),
        DataHint => (
            "包括账号信息、报名、签到、学习进度、学时和结业记录。",
            "Your account, enrolments, attendance, progress, credit hours and completions."
        ),
        DownloadJson => ("下载 JSON 文件", "Download as JSON"),
        DownloadCsv => ("下载 CSV 表格", "Download as CSV"),
        DeleteSection => ("注销账号", "Delete my account"),
        DeleteWarning => (
            "注销后，您的姓名、手机号和密码将被永久删除，无法恢复，也无法再登录。已完成的培训仍以匿名数字计入统计。",
            "Deleting erases your name, mobile number and password for good; you cannot sign in again. Training you completed still counts, as anonymous numbers."
        ),
        DeleteConfirm => ("我已了解，确认注销", "I understand; delete my account"),
        DeleteSubmit => ("注销账号", "Delete account"),
        SetPasswordTitle => ("设置您自己的密码", "Set a password of your own"),
        SetPasswordIntro => (
            "您的账号由工作人员创建。请输入收到的初始密码，并设置一个只有您知道的新密码。",
            "Your account was made by the staff. Enter the password you were given and choose a new one only you know."
        ),
        SetPasswordSubmit => ("设置密码", "Set password"),
        ResetTitle => ("用重置码设置新密码", "Set a new password with a reset code"),
        ResetIntro => (
            "忘记密码时，请联系所在县的培训工作人员或系统管理员获取重置码（30 分钟内有效，只能使用一次）。",
            "If you forgot your password, ask your county's training staff or an administrator for a reset code (valid for 30 minutes, usable once)."
        ),
        ResetSubmit => ("设置新密码", "Set new password"),
        ResetDone => ("新密码已设置，请用新密码登录。", "Your new password is set. Please sign in with it."),
        BackToAccount => ("返回我的账号", "Back to my account"),
    }
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Locale, Text};

    #[test]
    fn every_account_message_has_text_in_every_language() {
        for msg in AccountMsg::ALL {
            for locale in Locale::ALL {
                assert!(!msg.text(locale).trim().is_empty(), "{msg:?} in {locale:?}");
            }
        }
    }
}
