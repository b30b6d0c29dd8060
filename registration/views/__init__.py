"""Pages of registration, one module per concern: the participant's own (`participant`), the
account's data (`account`), the secretariat's (`secretariat`, `exports`), the registration desk
(`checkin`), seats of sessions (`seats`) and statistics (`statistics`)."""
