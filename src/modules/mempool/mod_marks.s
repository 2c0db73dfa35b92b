! mod_marks.s - end mark of MEMPOOL.MOD, linked last: the header's
! image_bytes field refers to it.
export	_mod_image_end
.text
_mod_image_end:
