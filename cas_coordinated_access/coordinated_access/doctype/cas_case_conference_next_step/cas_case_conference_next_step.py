# Copyright (c) 2026, cas_coordinated_access contributors
# For license information, please see license.txt

from cas_coordinated_access.permissions import ScopedChildRow


class CASCaseConferenceNextStep(ScopedChildRow):
	pass
