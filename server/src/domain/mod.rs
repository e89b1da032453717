//! Business rules as plain async functions over a database connection, callable
//! from handlers, the command line and tests alike. Grouped by what the product
//! does; none of it sees HTTP or the signed-in user, only ids, values and the
//! permission facts the routes have already decided.

pub mod accounts;
pub mod audit;
pub mod certificates;
pub mod classes;
pub mod completion;
pub mod coordination;
pub mod device_time;
pub mod epoch_cache;
pub mod first_screen;
pub mod integrity;
pub mod jobs;
pub mod learning;
pub mod notifications;
pub mod operations;
pub mod page_cache;
pub mod page_data;
pub mod platforms;
pub mod programmes;
pub mod seed;
pub mod spreadsheet;
