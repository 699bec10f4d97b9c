//! People who moved (issue 17): someone who left this account for another
//! of our customers (or for us), or who came to it from one, in the last 12
//! months. Both accounts' briefs say so, each from its own side.

use super::{BriefData, BriefOptions};
use crate::kinds::Disposition;
use crate::pdf::Block;
use crate::people::moves::Move;

/// The section: one line per move, the latest first.
pub(crate) fn people_who_moved(data: &BriefData, _: &BriefOptions) -> Option<Vec<Block>> {
    let since = super::year_before(data.today);
    let items: Vec<String> = data.moves.iter().filter(|m| m.day() >= since).map(|m| line(data, m)).collect();
    if items.is_empty() {
        return None;
    }
    Some(vec![Block::Heading { text: "People who moved".into() }, Block::Bullets { items }])
}

/// "Dana Whitfield, your champion (COO) at Halvorsen until May 2026, is now
/// CFO at Nordhavn." on the account they joined; "Dana Whitfield left for
/// Nordhavn (CFO) in May 2026." on the one they left.
pub(crate) fn line(data: &BriefData, m: &Move) -> String {
    let month = m.day().format("%B %Y");
    let here = Some(data.account.id.as_str());
    let where_to = m.to.account_name.as_deref().unwrap_or("us");
    let new_title = m.to.title.as_deref().unwrap_or("");
    if m.to.account_id.as_deref() == here {
        let was_there = m.from.account_name.as_deref().unwrap_or("us");
        let champion = data.person(&m.person_id).is_some_and(|p| p.disposition == Some(Disposition::Champion));
        let role = match (champion, m.from.title.as_deref()) {
            (true, Some(title)) => format!("your champion ({title}) at"),
            (true, None) => "your champion at".into(),
            (false, Some(title)) => format!("{title} at"),
            (false, None) => "at".into(),
        };
        format!("{}, {role} {was_there} until {month}, is now {new_title} at {where_to}.", m.name)
    } else if m.to.account_id.is_none() {
        format!("{} left to join us ({new_title}) in {month}.", m.name)
    } else {
        format!("{} left for {where_to} ({new_title}) in {month}.", m.name)
    }
}
