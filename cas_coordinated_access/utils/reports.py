"""What the app's script reports share."""


def chart(kind: str, labels: list, values: list, name: str | None = None) -> dict | None:
	"""A report chart of one dataset, or None when there is nothing to draw."""
	if not labels or not any(values):
		return None
	dataset = {"values": values, **({"name": name} if name else {})}
	return {"data": {"labels": labels, "datasets": [dataset]}, "type": kind}
