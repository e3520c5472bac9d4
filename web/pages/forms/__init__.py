"""The HTML forms of the pages (WTForms), per area: common fields, consultations, editing, managing
and the coordinator's tools."""
