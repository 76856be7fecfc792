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
