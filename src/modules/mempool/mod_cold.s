! mod_cold.s - start mark of the init (cold) part, linked right after the
! last resident object: the header's cold_off refers to it, and the loader
! drops everything from here on once init has run.
export	_mod_cold_start
.text
_mod_cold_start:
