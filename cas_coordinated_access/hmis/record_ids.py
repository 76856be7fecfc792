"""The IDs another HMIS gave the records the CAS imported from it.

An import matches a household it has seen before by these IDs (so importing the same export twice
updates, never duplicates), and the export writes them back out, so a record keeps its HMIS ID on its way
back to the HMIS it came from. Keyed by the source (the export's ImplementationID), the file and the ID.
"""

import hashlib

import frappe

DOCTYPE = "CAS HMIS Record ID"


def key(source: str, file: str, hmis_id: str) -> str:
	return hashlib.md5(f"{source}\x1f{file}\x1f{hmis_id}".encode()).hexdigest()


def find(source: str, file: str, hmis_id: str, doctype: str) -> str | None:
	"""The CAS record imported under this ID, if it still exists."""
	reference = frappe.db.get_value(DOCTYPE, key(source, file, hmis_id), "reference_name")
	if not reference:
		return None
	record = reference.split(":")[0]  # an enrollment member is "<enrollment>:<client>"
	return reference if frappe.db.exists(doctype, record) else None


def remember(source: str, file: str, hmis_id: str, doctype: str, reference: str):
	name = key(source, file, hmis_id)
	if frappe.db.exists(DOCTYPE, name):
		frappe.db.set_value(DOCTYPE, name, {"reference_doctype": doctype, "reference_name": reference})
		return
	frappe.get_doc(
		{
			"doctype": DOCTYPE,
			"name": name,
			"source": source[:140],
			"hmis_file": file,
			"hmis_id": hmis_id,
			"reference_doctype": doctype,
			"reference_name": reference,
		}
	).db_insert()


def known(keys: list[tuple[str, str, str]]) -> set[tuple[str, str, str]]:
	"""Which of these (source, file, HMIS ID) an earlier import remembered, in one query per thousand: an
	import asks once for its whole file instead of once per record (issue 17's import speed)."""
	by_name = {key(*entry): entry for entry in keys}
	names, found = list(by_name), set()
	for start in range(0, len(names), 1000):
		found.update(
			frappe.get_all(DOCTYPE, filters={"name": ("in", names[start : start + 1000])}, pluck="name")
		)
	return {by_name[name] for name in found}


def remember_new(entries: list[tuple[str, str, str, str, str]]):
	"""``remember_all`` for IDs known to be new (``known`` found none of them): one insert, no look-up."""
	rows = {key(*entry[:3]): entry for entry in entries}
	_insert(list(rows), rows)


def remember_all(entries: list[tuple[str, str, str, str, str]]):
	"""``remember`` for many (source, file, HMIS ID, doctype, reference) at once: one look-up and one
	insert for the new ones, where one at a time costs two queries and a document each (a household
	remembers a dozen IDs; issue 17's import speed)."""
	if not entries:
		return
	rows = {key(*entry[:3]): entry for entry in entries}
	existing = {
		row.name: (row.reference_doctype, row.reference_name)
		for row in frappe.get_all(
			DOCTYPE,
			filters={"name": ("in", list(rows))},
			fields=["name", "reference_doctype", "reference_name"],
		)
	}
	for name, stored in existing.items():
		_source, _file, _id, doctype, reference = rows[name]
		# An ID already pointing where it should is left alone: an unchanged file writes nothing.
		if stored != (doctype, reference):
			frappe.db.set_value(DOCTYPE, name, {"reference_doctype": doctype, "reference_name": reference})
	_insert([name for name in rows if name not in existing], rows)


def _insert(names: list[str], rows: dict[str, tuple]):
	# One plain statement: Frappe's bulk_insert builds it through the query builder, which costs more than
	# the insert itself for a household's dozen rows.
	if not names:
		return
	now, user = frappe.utils.now(), frappe.session.user
	values = [
		(name, now, now, user, user, source[:140], file, hmis_id, doctype, reference)
		for name in names
		for source, file, hmis_id, doctype, reference in (rows[name],)
	]
	frappe.db.sql(
		f"""insert into `tab{DOCTYPE}` (`name`, `creation`, `modified`, `owner`, `modified_by`, `source`,
		`hmis_file`, `hmis_id`, `reference_doctype`, `reference_name`) values """
		+ ", ".join(["(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"] * len(values)),
		[value for row in values for value in row],
	)


def exported_ids(file: str, references: list[str]) -> dict[str, str]:
	"""{CAS reference: HMIS ID} for records of ``file`` that came from another HMIS (the first import wins)."""
	if not references:
		return {}
	rows = frappe.db.sql(
		f"""select reference_name, hmis_id from `tab{DOCTYPE}`
		where hmis_file = %(file)s and reference_name in %(references)s
		order by creation desc""",
		{"file": file, "references": references},
	)
	return dict(rows)


def has_any() -> bool:
	"""Most sites never import: their exports skip every look-up."""
	return bool(frappe.db.sql(f"select 1 from `tab{DOCTYPE}` limit 1"))
