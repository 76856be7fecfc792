// Copyright (c) 2026, cas_coordinated_access contributors
// For license information, please see license.txt

cas.setup_household_record_form("CAS Current Living Situation");

frappe.ui.form.on("CAS Current Living Situation", {
	refresh(frm) {
		only_a_point_on_the_map(frm.fields_dict.location_map);
	},
});

// Where the client is is a point: the map offers the marker alone, not lines, shapes and circles.
function only_a_point_on_the_map(control) {
	if (!control || !control.map || !control.draw_control || control.cas_point_only) return;
	control.map.removeControl(control.draw_control);
	control.draw_control = new L.Control.Draw({
		position: "topleft",
		draw: { polyline: false, polygon: false, rectangle: false, circle: false, circlemarker: false, marker: true },
		edit: { featureGroup: control.editableLayers, remove: true },
	});
	control.map.addControl(control.draw_control);
	control.cas_point_only = true;
}
