//! The one format of every vocabulary file: tab-separated, a header row, `#` comment lines.

/// A parsed vocabulary file: named columns, one row per entry.
pub(crate) struct Table<'a> {
    name: &'static str,
    header: Vec<&'a str>,
    rows: Vec<(usize, Vec<&'a str>)>,
}

impl<'a> Table<'a> {
    /// Parses `text`. Embedded files are checked by tests, so a malformed one is a build defect: it panics
    /// naming the file and line.
    pub(crate) fn parse(name: &'static str, text: &'a str) -> Table<'a> {
        let mut lines = text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'));
        let header: Vec<&str> = lines.next().map(|(_, l)| l.split('\t').collect()).unwrap_or_default();
        let rows = lines
            .map(|(n, l)| {
                let cells: Vec<&str> = l.split('\t').map(str::trim).collect();
                assert!(
                    cells.len() == header.len(),
                    "{name}:{}: {} cells, header has {}",
                    n + 1,
                    cells.len(),
                    header.len()
                );
                (n + 1, cells)
            })
            .collect();
        Table { name, header, rows }
    }

    pub(crate) fn rows(&self) -> impl Iterator<Item = Row<'_, 'a>> {
        self.rows.iter().map(move |(line, cells)| Row { table: self, line: *line, cells })
    }
}

pub(crate) struct Row<'t, 'a> {
    table: &'t Table<'a>,
    line: usize,
    cells: &'t [&'a str],
}

impl<'a> Row<'_, 'a> {
    /// The cell of column `column`; panics naming the file if the column does not exist.
    pub(crate) fn get(&self, column: &str) -> &'a str {
        let i = self.table.header.iter().position(|h| *h == column).unwrap_or_else(|| {
            panic!("{}: no column {column:?}", self.table.name);
        });
        self.cells[i]
    }

    /// The cell, or `None` when empty or `-`.
    pub(crate) fn opt(&self, column: &str) -> Option<&'a str> {
        Some(self.get(column)).filter(|c| !c.is_empty() && *c != "-")
    }

    /// Where the row came from, for error messages: `file:line`.
    pub(crate) fn origin(&self) -> String {
        format!("{}:{}", self.table.name, self.line)
    }
}
