// 18 Jurisdictions
:param jurisdictions => ['320400', '320000'];
