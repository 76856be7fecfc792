// Copyright (c) 2026, cas_coordinated_access contributors
// For license information, please see license.txt

cas.setup_household_record_form("CAS CE Event");
