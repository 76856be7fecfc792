from cas_coordinated_access.rules import hud


def test_codes_put_missing_data_answers_last():
	codes = list(hud.codes(hud.CURRENT_LIVING_SITUATION))
	assert codes[:3] == [101, 116, 118]
	assert codes[-5:] == [8, 9, 17, 37, 99]


def test_label_and_code_round_trip_for_every_list():
	for list_id in hud.spec()["lists"]:
		values = hud.spec()["lists"][list_id]["values"]
		if not all(code.isdigit() for code in values):
			continue
		for code, label in hud.codes(list_id).items():
			assert hud.label_for(list_id, code) == label
			assert hud.code_for(list_id, label) == code


def test_unknown_and_empty():
	assert hud.code_for(hud.DESTINATION, "Somewhere") is None
	assert hud.code_for(hud.DESTINATION, None) is None
	assert hud.label_for(hud.DESTINATION, None) is None


def test_cls_list_excludes_destination_only_codes():
	assert not {312, 313, 327, 422, 423, 426, 24, 30} & set(hud.codes(hud.CURRENT_LIVING_SITUATION))
