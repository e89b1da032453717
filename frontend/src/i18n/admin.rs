//! Words of the administrators' pages: accounts and the roles they hold.
//! Only in the staff bundle (the home page's link to them is in [`super::Msg`]).

use super::Locale;
use super::online::text_enum;

text_enum!(
    /// Fixed texts of `/admin/users`.
    AdminMsg {
        UsersTitle => ("账号与角色", "Accounts and roles"),
        Refused => (
            "只有系统管理员可以管理账号和角色。如需调整您的角色，请联系系统管理员。",
            "Only administrators can manage accounts and roles. Ask an administrator if your roles need to change."
        ),
        SearchLabel => ("按姓名或手机号查找", "Find by name or mobile number"),
        SearchSubmit => ("查找", "Search"),
        NoAccounts => ("没有找到符合条件的账号。", "No account matches."),
        MobileLabel => ("手机号", "Mobile"),
        EditRoles => ("修改角色", "Change roles"),
        CloseEditor => ("收起", "Close"),
        RolesLegend => ("角色（可多选）", "Roles (choose any)"),
        ScopeLegend => ("协调员管理范围", "Region the coordinator manages"),
        InstructorScopeLegend => (
            "讲师工作地区（只能在此地区内开班）",
            "Region the instructor works in (classes are created only there)"
        ),
        ScopeHint => (
            "从省开始逐级选择；不往下选，即管理上一级的全部地区。",
            "Choose from the province down; stop at any level to manage all of it."
        ),
        WholeCountry => ("全国", "The whole country"),
        ScopeNow => ("管理范围：", "Manages: "),
        AllOfIt => ("全部（不再细分）", "All of it (go no deeper)"),
        SaveRoles => ("保存角色", "Save roles"),
        SignOutUser => ("让其在所有设备上退出", "Sign out on every device"),
        SignedOutUser => (
            "已结束该账号在所有设备上的登录。",
            "Every session of this account has ended."
        ),
        Saving => ("正在保存…", "Saving…"),
        Saved => ("角色已保存。", "Roles saved."),
        NeedOneRole => ("请至少选择一个角色。", "Choose at least one role."),
        Previous => ("上一页", "Previous"),
        Next => ("下一页", "Next"),
        OtherScopes => (
            "该账号的其他管理范围保持不变：",
            "This account's other regions stay as they are:"
        ),
        IssueResetCode => ("重置密码", "Reset password"),
        ResetCodeIs => ("重置码：", "Reset code: "),
        MoveHome => ("更改所在地区", "Change home region"),
        SaveHome => ("保存所在地区", "Save home region"),
        HomeMoved => (
            "所在地区已更改，其培训记录随之计入新地区。",
            "Home region changed; their training now counts in the new region."
        ),
        ResetCodeHint => (
            "请当面或电话告知本人。30 分钟内有效，只能使用一次；本人在登录页点“忘记密码？”后用它设置新密码。此码不会再次显示。",
            "Tell it to the person in person or by phone. It works once within 30 minutes: they choose \u{201c}Forgot your password?\u{201d} on the sign-in page. It is not shown again."
        ),
        CreateTitle => ("创建账号", "Create an account"),
        CreateSubmit => ("创建账号", "Create account"),
        CreatedNotice => (
            "账号已创建。请把下面的初始密码交给本人，首次登录时须改为自己的密码。此密码不会再次显示：",
            "The account is made. Hand this one-time password to the person; they must set their own at first sign-in. It is not shown again:"
        ),
        BulkTitle => ("批量创建账号", "Create accounts from a file"),
        BulkHint => (
            "上传 CSV 或 Excel（.xlsx）文件，表头为 name、mobile、region_code，可选 category；最多 2000 行。任何一行有问题则不创建任何账号。",
            "Upload a CSV or Excel (.xlsx) file with the header name, mobile, region_code and optionally category; at most 2,000 rows. If any row has a problem, no account is made."
        ),
        BulkFileLabel => ("账号文件", "Accounts file"),
        BulkSubmit => ("上传并创建", "Upload and create"),
        BulkDone => (
            "账号已创建，初始密码表已下载。请妥善保管，它不会再次提供。",
            "The accounts are made and the one-time password sheet downloaded. Keep it safe: it is not offered again."
        ),
        BulkRejected => ("文件有问题，未创建任何账号：", "The file has problems; no account was made:"),
        ChooseFile => ("请先选择文件。", "Choose a file first."),
        PeopleTitle => ("查找学员", "Find people"),
        PeopleIntro => (
            "按姓名或完整手机号查找您管理地区内的人员，为忘记密码的学员生成重置码。",
            "Find people in the regions you oversee by name or whole mobile number, and issue a reset code to a trainee who forgot their password."
        ),
        PeopleSearchLabel => ("姓名或完整手机号", "Name or whole mobile number"),
        PeopleRefused => (
            "只有协调员和系统管理员可以查找人员。",
            "Only coordinators and administrators can look people up."
        ),
    }
);

/// "第 21–40 个，共 57 个账号" / "21–40 of 57 accounts".
pub fn range_of(locale: Locale, first: u64, last: u64, total: u64) -> String {
    match locale {
        Locale::ZhCn => format!("第 {first}–{last} 个，共 {total} 个账号"),
        Locale::En => format!("{first}–{last} of {total} accounts"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Text;

    #[test]
    fn every_admin_message_has_text_in_every_language() {
        for msg in AdminMsg::ALL {
            for locale in Locale::ALL {
                assert!(!msg.text(locale).trim().is_empty(), "{msg:?} in {locale:?}");
            }
        }
    }
}
