; xms_move.asm - the XMS group: the handle table, mem_xms_move,
; mem_xms_park and mem_xms_unpark (memory_api.h, section XMS), and the
; group's unload hook xms_release, which gives back every handle still
; held.  The entries are task entries reached through c_gate (api.def kind
; c: near, bcc's convention, arguments from [sp+2], result in AX, SI DI BP
; kept, DS = ES = SS = CS on entry, DF = 0).
; C twins: xms_move_c.c (mem_xms_move), xms_park_c.c (park, unpark,
; xms_release).
;
; The group moves as a block and may be dropped at the seal: it uses core
; data and code (xms_core.asm: the driver and xms_call / xms_fail; mod; the
; pools' _pool_pkt_alloc_c and _pool_pkt_free_c), never C, port_* or
; bcc_rt, and nothing outside calls into it but the API table and the
; unload hook table.  Its data (the handle table, the park store and the
; table of parked buffers) is between xms_move_data_beg/_end; the set-up C
; (xms_setup.c) and the seal use it before the seal, which refuses to drop
; the group while it holds a handle or a parked buffer.  The scratch of a
; move (the 0Bh structure, the bounce buffer) is on the module's stack
; (MOD_STACK_BYTES, 768: a move's frame takes 92 of it, which leaves the
; driver more than the 256 bytes it needs; after the seal the stack kept
; is sized by the deepest frame of a kept group, this one's for XMS, so
; the bounce buffer is 32 bytes: a distance of 32..127 bytes moves in
; pieces of the distance, one driver call each, where a 128-byte buffer
; took two calls per 128 bytes).
;
; The rules of the spec that drivers do not all keep (xms-vds-dos-facts.md
; 1.4) are kept here, so the driver only ever sees even lengths and never
; an overlapping move:
;   - an odd length moves its even part, then its last two bytes as one
;     word (the byte before the last goes twice, the same value both
;     times); a single byte is read with the word that holds it on both
;     sides and written back in the destination's word;
;   - overlapping ranges in one space are moved in pieces no longer than
;     their distance, from the end when the destination lies above the
;     source and from the start otherwise, so every byte is read before it
;     is overwritten; a distance below XMS_BOUNCE_BYTES goes through a
;     bounce buffer of that size instead of many tiny calls.  The last word
;     of an odd length goes first from the end, last from the start;
;   - offsets and lengths are checked against the block (or the top of
;     conventional memory, 10FFF0h) before the driver is called;
;   - a piece is at most FFF0h bytes, so a conventional end, normalised to
;     an offset below 16, never wraps inside one call.
; Conventional addresses are handled as linear addresses and given to the
; driver normalised, so a seg:off whose offset wraps within a move means
; the bytes that follow it in memory, as the drivers read it.

cpu 286
%include "pool_fast.inc"
%include "xms_core.inc"

section .text

global _mod_xms_move, _mod_xms_park, _mod_xms_unpark, _xms_release
global _xms_tab, _xms_park_state
extern xms_call, xms_fail
extern _xms, _mod
extern _pool_pkt_alloc_c, _pool_pkt_free_c

; ---------------------------------------------------------------- data
; struct xms_slot xms_tab[MEM_XMS_HANDLES + 1] (xms_service.h): the
; handles the module gave out, then the park store's slot (xms_park_xh: its
; driver handle, 0 = none; no module handle names it, slot numbers stop at
; MEM_XMS_HANDLES).  u8 xms_park_state[], right behind: per slot of the
; store, bit 7 = parked, bits 0-6 = the generation (ticket bits 8-14).
; park_rec: per slot, the parked buffer's len and data (its link travels
; with the frame).  No bit 7 is set while xms_park_xh is 0.
xms_move_data_beg:
_xms_tab:        times (MEM_XMS_HANDLES + 1) * SL_SIZE db 0
_xms_park_state: times MEM_XMS_PARK_SLOTS db 0
park_rec:        times MEM_XMS_PARK_SLOTS * 4 db 0
xms_move_data_end:
PARK_XH equ _xms_tab + MEM_XMS_HANDLES * SL_SIZE + SL_XH

; One side of a move (8 bytes, in the frame): a block (xh = the driver's
; handle, pos = the byte offset) or conventional memory (xh = 0, pos = the
; linear address); end = 0 when the range ends where the block (or
; conventional memory) does.
SD_XH   equ 0
SD_POS  equ 2
SD_END  equ 6

; mod_xms_move's frame (BP-relative; SI DI saved at -2, -4).
F_LEN   equ -8          ; dd the length
F_T     equ -12         ; dd the offset in the move of this piece
F_P     equ -14         ; dw the longest piece (even)
F_BNC   equ -16         ; db 1: pieces through the bounce buffer
F_BACK  equ -15         ; db 1: pieces from the end
F_S     equ -24         ; side: source
F_D     equ -32         ; side: destination
F_M     equ -48         ; the 0Bh structure (16)
F_W     equ -56         ; one byte's words (8)
F_BUF   equ F_W - XMS_BOUNCE_BYTES
F_SUB   equ -F_BUF - 4  ; SUB SP after the two saves

; --------------------------------------------------------------- guards
; task_guard - may a task call run now?
; C twin: task_guard_c() (xms_park_c.c).
; In:  nothing.
; Out: CF = 0 yes; CF = 1: AX = MEM_E_STATE (before init, after unload).
;      (Inside a NIC ISR's mem_isr_enter/leave bracket the C gate refuses
;      every task entry before it runs: MEM_E_BUSY.)
; Modifies: AX flags.  Context: task.
task_guard:
    mov ax, MEM_E_STATE
    cmp byte [_mod + MS_INITIALISED], 1 ; CF = 1 exactly when 0
    ret

; xms_guard - may a task call on XMS run now?
; C twin: xms_guard_c() (xms_move_c.c).
; In:  nothing.
; Out: as task_guard, and CF = 1 with AX = MEM_E_NOXMS without a driver
;      (drv_guard: that check alone).
; Modifies: AX flags.  Context: task.
xms_guard:
    call task_guard
    jc drv_guard.out
drv_guard:
    mov ax, MEM_E_NOXMS
    cmp word [_xms + XS_ENTRY_SEG], 1   ; CF = 1 exactly when it is 0
.out:
    ret

; leave_frame - the common end of the three entries: drop the frame,
; restore DI SI BP, return AX (and the flags) to c_gate.
leave_frame:
    lea sp, [bp-4]
    pop di
    pop si
    pop bp
    ret

; ---------------------------------------------------------------- moves
; int mem_xms_move(mem_fp_t m)  -  near: int mod_xms_move(mem_fp_t desc)
; Copy m->length bytes as *m describes (struct mem_xms_move): any length,
; odd included; overlapping ranges as memmove.
; C twin: xms_move_c() (xms_move_c.c).
; In:  [sp+2] desc offset, [sp+4] desc segment.
; Out: AX = MEM_OK; MEM_E_STATE, MEM_E_NOXMS (the guard); MEM_E_INVAL
;      (desc null); MEM_E_XMS_BAD_SRC_HANDLE / _BAD_DST_HANDLE (A3h / A5h
;      recorded) for a handle the module did not give out; MEM_E_RANGE
;      when a range leaves its block or goes past 10FFF0h (checked before
;      the driver is called, the source first); MEM_E_XMS(code) when the
;      driver fails (recorded).  Length 0 (both sides valid) and a range
;      onto itself are MEM_OK without a driver call.
; Modifies: AX BX CX DX ES flags; keeps SI DI BP DS.
; Context: task, through c_gate (module stack: this frame is 92 bytes).
; Clocks (80286, bench/xmspark.sh, through the client stub and c_gate):
;      1,426 besides the driver for 1514 bytes from conventional memory to
;      a block (one driver call), 1,990 for 1515 (two: the even part, then
;      the last word).  One byte: three calls.  Overlapping ranges: one call
;      per piece, two through the bounce buffer.
_mod_xms_move:
    push bp
    mov bp, sp
    push si
    push di
    sub sp, F_SUB
    call xms_guard
    jc .out
    mov ax, MEM_E_INVAL
    les di, [bp+4]
    mov cx, es
    jcxz .out
    mov ax, [es:di+MV_LEN]
    mov [bp+F_LEN], ax
    mov ax, [es:di+MV_LEN+2]
    mov [bp+F_LEN+2], ax
    lea si, [bp+F_S]
    add di, MV_SRC
    mov dl, 0A3h
    call side_make
    jc .out
    lea si, [bp+F_D]
    add di, MV_DST - MV_SRC
    mov dl, 0A5h
    call side_make
    jc .out
    call move_sides
.out:
    jmp leave_frame

; side_make - one side of a move from the caller's handle and offset.
; C twin: side_make_c() (xms_move_c.c).
; In:  ES:DI -> a handle and its offset (struct mem_xms_move +4 or +10);
;      SI -> the side; DL = the XMS code for a handle not given out (A3h
;      source, A5h destination); [bp+F_LEN] = the length.
; Out: CF = 0: the side filled; CF = 1: AX = MEM_E_RANGE when pos > size
;      or length > size - pos, or MEM_E_XMS(DL) (recorded).
; Modifies: AX BX CX DX flags; keeps SI DI ES.  Context: task.
side_make:
    mov cx, [es:di]
    jcxz .load
    mov bx, cx                          ; slot number 1.. and generation
    xor bh, bh
    dec bx                              ; slot number 0 -> FFFFh
    cmp bx, MEM_XMS_HANDLES
    jae .foreign
    shl bx, 3                           ; SL_SIZE = 8
    add bx, _xms_tab
    cmp [bx+SL_GEN], ch                 ; a generation bit 15 never matches
    jne .foreign
    mov cx, [bx+SL_XH]
    jcxz .foreign                       ; a free slot
.load:                                  ; CX = the driver's handle, 0
    mov [si+SD_XH], cx
    mov ax, [es:di+2]
    mov dx, [es:di+4]
    jcxz .conv
    mov cx, [bx+SL_BYTES]
    mov bx, [bx+SL_BYTES+2]
    jmp .put
.conv:                                  ; linear, below 10FFF0h
    mov cx, dx
    shl cx, 4
    shr dx, 12
    add ax, cx
    adc dx, 0
    mov cx, XMS_CONV_TOP & 0FFFFh
    mov bx, XMS_CONV_TOP >> 16
.put:                                   ; DX:AX = pos, BX:CX = size
    mov [si+SD_POS], ax
    mov [si+SD_POS+2], dx
    sub cx, ax
    sbb bx, dx                          ; size - pos
    jb .range
    sub cx, [bp+F_LEN]
    sbb bx, [bp+F_LEN+2]                ; size - pos - length
    jb .range
    or cx, bx                           ; CF = 0
    mov [si+SD_END], cx
    ret
.range:
    mov ax, MEM_E_RANGE                 ; CF = 1 from the borrow
    ret
.foreign:
    mov bl, dl
    jmp xms_fail

; move_sides - the move itself, both sides made and checked: the piece
; length (F_P: FFF0h, or the distance of overlapping ranges in one space,
; or XMS_BOUNCE_BYTES through the bounce buffer when the distance is
; shorter), the direction (F_BACK: from the end when the destination lies
; above the source), then the even part and the last word of an odd
; length, or the single byte.
; C twin: move_sides_c() (xms_move_c.c).
; In:  the frame: F_LEN, F_S, F_D.
; Out: AX = MEM_OK or MEM_E_XMS(code); CF set on failure.
; Modifies: AX BX CX DX SI DI flags and the frame.  Context: task.
move_sides:
    xor ax, ax
    mov [bp+F_BNC], ax                  ; F_BNC, F_BACK
    mov [bp+F_M+MV_LEN+2], ax           ; pieces are below 64 KB
    mov word [bp+F_P], 0FFF0h
    mov cx, [bp+F_LEN]
    or cx, [bp+F_LEN+2]
    jz .ret                             ; nothing to move
    mov cx, [bp+F_S+SD_XH]
    cmp cx, [bp+F_D+SD_XH]
    jne .go                             ; two spaces never overlap
    mov cx, [bp+F_D+SD_POS]
    mov bx, [bp+F_D+SD_POS+2]
    sub cx, [bp+F_S+SD_POS]
    sbb bx, [bp+F_S+SD_POS+2]           ; destination - source
    jae .up
    neg bx                              ; below: from the start
    neg cx
    sbb bx, 0
    jmp .dist
.up:
    mov dx, cx
    or dx, bx
    jz .ret                             ; onto itself: AX = 0
    inc byte [bp+F_BACK]                ; above: from the end
.dist:                                  ; BX:CX = the distance
    test bx, bx
    jnz .go
    cmp cx, XMS_BOUNCE_BYTES
    jae .p
    inc byte [bp+F_BNC]
    mov cl, XMS_BOUNCE_BYTES
.p:
    cmp cx, 0FFF0h
    jae .go
    and cl, 0FEh                        ; at most the distance, even
    mov [bp+F_P], cx
.go:
    mov ax, [bp+F_LEN]
    dec ax
    or ax, [bp+F_LEN+2]
    jz one_byte
    test byte [bp+F_LEN], 1
    jz body
    test byte [bp+F_BACK], 1
    jz .fwd
    call tail                           ; from the end: the last word first
    jnc body
.ret:
    ret
.fwd:
    call body                           ; from the start: the last word last
    jc .ret

; tail / body - the last word of an odd length [length - 2, length), the
; even part [0, length & ~1).  Tail moves again the byte before the last:
; from the end it goes first, before any byte of the source range is
; overwritten, from the start it goes last, reading bytes the pieces did
; not write (the destination lies below).
tail:
    mov ax, [bp+F_LEN]
    mov dx, [bp+F_LEN+2]
    sub ax, 2
    sbb dx, 0
    mov cx, 2
    xor bx, bx
    jmp pieces
body:
    xor ax, ax
    cwd
    mov cx, [bp+F_LEN]
    mov bx, [bp+F_LEN+2]
    and cl, 0FEh

; pieces - move the range [DX:AX, DX:AX + BX:CX) of the move in pieces of
; at most F_P bytes, from its end when F_BACK.
; C twin: pieces_c() (xms_move_c.c).
; In:  DX:AX = its offset in the move, BX:CX = its length (even, > 0).
; Out: AX = MEM_OK, CF = 0; or CF = 1 and AX = MEM_E_XMS(code).
; Modifies: AX BX CX DX SI DI flags, F_T, F_M.  Context: task.
pieces:
    test byte [bp+F_BACK], 1
    jz .st
    add ax, cx
    adc dx, bx
.st:
    mov [bp+F_T], ax
    mov [bp+F_T+2], dx
.next:                                  ; BX:CX = bytes still to move
    mov ax, [bp+F_P]
    test bx, bx                         ; CF = 0
    jnz .k
    jcxz .done                          ; AX = MEM_OK below
    cmp cx, ax
    jae .k
    mov ax, cx
.k:                                     ; AX = this piece
    sub cx, ax
    sbb bx, 0
    push bx
    push cx
    test byte [bp+F_BACK], 1
    jz .c
    sub [bp+F_T], ax                    ; back to this piece's start
    sbb word [bp+F_T+2], 0
.c:
    call copy
    pop cx
    pop bx
    jc .out
    test byte [bp+F_BACK], 1
    jnz .next
    mov ax, [bp+F_M+MV_LEN]
    add [bp+F_T], ax                    ; on to the next piece
    adc word [bp+F_T+2], 0
    jmp .next
.done:
    xor ax, ax
.out:
    ret

; copy - one piece: F_S to F_D at offset F_T, directly or through the
; bounce buffer (two calls).
; C twin: copy_c() (xms_move_c.c).
; In:  AX = bytes (even, > 0, at most XMS_BOUNCE_BYTES with F_BNC).
; Out: CF/AX as xms_call.
; Modifies: AX BX CX DX SI DI flags.  Context: task.
copy:
    mov [bp+F_M+MV_LEN], ax
    lea bx, [bp+F_M+MV_SRC]
    lea si, [bp+F_S]
    call end_put
    add bx, MV_DST - MV_SRC
    test byte [bp+F_BNC], 1
    jz .direct
    lea di, [bp+F_BUF]
    call buf_put                        ; source -> bounce
    call drive
    jc drive.out
    lea bx, [bp+F_M+MV_SRC]
    call buf_put                        ; bounce -> destination
    add bx, MV_DST - MV_SRC
.direct:
    lea si, [bp+F_D]
    call end_put

; drive - XMS 0Bh on the structure F_M.  Out: CF/AX as xms_call.
; Modifies: AX BX CX DX SI flags.
drive:
    lea si, [bp+F_M]
    mov ah, 0Bh
    jmp xms_call
.out:
    ret

; buf_put - one end of the 0Bh structure: conventional memory at SS:DI.
; In:  BX -> the structure's handle field, DI = an offset in SS.
; Modifies: AX.  Context: task.
buf_put:
    xor ax, ax
    mov [bx], ax
    mov [bx+2], di
    mov [bx+4], ss
    ret

; end_put - one end of the 0Bh structure: side SI at offset F_T.
; C twin: end_put_c() (xms_move_c.c).
; In:  SI -> the side, BX -> the structure's handle field.
; Out: the handle, then the block's offset or conventional memory's far
;      pointer, normalised (offset 0..15) below 1 MB, FFFF:offset above.
; Modifies: AX CX DX flags.  Context: task.
end_put:
    mov ax, [bp+F_T]
    mov dx, [bp+F_T+2]
    add ax, [si+SD_POS]
    adc dx, [si+SD_POS+2]
    mov cx, [si+SD_XH]
    mov [bx], cx
    jcxz .conv
.put:
    mov [bx+2], ax
    mov [bx+4], dx
    ret
.conv:
    cmp dx, 10h
    jae .high
    mov cx, ax
    shr cx, 4
    shl dx, 12
    or dx, cx
    and ax, 0Fh
    jmp .put
.high:
    add ax, 10h                         ; linear - FFFF0h, no carry
    mov dx, 0FFFFh
    jmp .put

; one_byte - a move of one byte: the word of each side that holds its byte
; (the word at the byte, or the one before when the byte ends its block)
; read into F_W, the source's byte put in the destination's word, the word
; written back: three driver calls, none overlapping.
; C twin: one_byte_c() (xms_move_c.c).
; In:  the frame (F_S, F_D).  Out: AX = MEM_OK, or CF = 1 and
;      AX = MEM_E_XMS(code).
; Modifies: AX BX CX DX SI DI flags.  Context: task.
one_byte:
    lea si, [bp+F_D]
    lea di, [bp+F_W+1]
    call win_get                        ; the destination's byte at W+1
    jc .out
    lea si, [bp+F_S]
    lea di, [bp+F_W+5]
    call win_get                        ; the source's byte at W+5
    jc .out
    mov al, [bp+F_W+5]
    mov [bp+F_W+1], al
    lea si, [bp+F_D]
    lea di, [bp+F_W+1]
    call win_at
    lea bx, [bp+F_M+MV_DST]
    call end_put
    sub bx, MV_DST - MV_SRC
    call buf_put
    call drive
    jc .out
    xor ax, ax
.out:
    ret

; win_get - read the word of side SI that holds its byte so that the byte
; lands at SS:DI.  win_at: F_T and DI for that word (F_T = -1 and DI - 1
; when the byte ends its block, else 0 and DI), the length 2.
; In:  SI -> the side, DI = an offset in SS.
; Out: CF/AX as xms_call (win_at: DI, F_T, F_M's length).
; Modifies: AX BX CX DX SI DI flags.  Context: task.
win_get:
    call win_at
    lea bx, [bp+F_M+MV_SRC]
    call end_put
    add bx, MV_DST - MV_SRC
    call buf_put
    jmp drive
win_at:
    mov word [bp+F_M+MV_LEN], 2
    xor ax, ax
    cwd
    cmp [si+SD_END], ax
    jne .t
    dec ax
    dec dx
    dec di
.t:
    mov [bp+F_T], ax
    mov [bp+F_T+2], dx
    ret

; ------------------------------------------------------------ park store
; The frame of park / unpark (BP-relative; SI DI saved at -2, -4).
P_M     equ -20         ; the 0Bh structure
P_SUB   equ 16

; park_move - XMS 0Bh between packet buffer ES:DI and slot SI of the
; store: the buffer's bytes [data - 4, data + len), rounded up to an even
; length, and the slot's first as many.  The four bytes before the frame
; hold the header's link word during the move (the buffer's own bytes
; there, header or headroom, are kept on the stack and put back), so the
; link travels with the frame; after the move the link is read back from
; there into the header (park: the same link; unpark: the parked one).
; The driver sees an even length, and the byte after an odd frame is still
; inside the buffer (cap is even) and inside the slot (4 + 1552 + 1 bytes
; at most: data >= 16, cap <= 1568).
; C twin: park_move_c() (xms_park_c.c).
; In:  ES:DI, SI; park: BX -> P_M + MV_DST, CX -> P_M + MV_SRC; unpark:
;      BX -> P_M + MV_SRC, CX -> P_M + MV_DST (BX: the store's end, CX:
;      the buffer's).
; Out: CF/AX as xms_call.
; Modifies: AX BX CX DX flags; keeps SI DI ES.  Context: task.
park_move:
    mov ax, [PARK_XH]
    mov [bx], ax                        ; the store, at the slot's offset
    mov ax, PARK_SLOT_BYTES
    mul si
    mov [bx+2], ax
    mov [bx+4], dx
    mov bx, cx                          ; the buffer: conventional,
    xor ax, ax                          ; normalised: ES + DI / 16 :
    mov [bx], ax                        ; DI % 16 + data - 4 (the buffer
    mov [bp+P_M+MV_LEN+2], ax           ; lies below 1 MB, data < 1568)
    mov ax, di
    shr ax, 4
    mov dx, es
    add dx, ax
    mov [bx+4], dx
    mov ax, di
    and ax, 0Fh
    mov cx, [es:di+MEM_PKT_OFF_DATA]
    add ax, cx
    sub ax, 4
    mov [bx+2], ax
    mov ax, [es:di+MEM_PKT_OFF_LEN]
    add ax, 5
    and al, 0FEh
    mov [bp+P_M+MV_LEN], ax
    mov bx, cx
    add bx, di                          ; ES:BX -> the frame
    push word [es:bx-4]
    push word [es:bx-2]
    push bx
    mov ax, [es:di]
    mov [es:bx-4], ax                   ; the link before the frame
    mov ax, [es:di+2]
    mov [es:bx-2], ax
    push si
    lea si, [bp+P_M]
    mov ah, 0Bh
    call xms_call
    pop si
    pop bx
    mov dx, [es:bx-4]                   ; the link from before the frame
    mov [es:di], dx
    mov dx, [es:bx-2]
    mov [es:di+2], dx
    pop word [es:bx-2]                  ; the buffer's own bytes back
    pop word [es:bx-4]
    ret

; park_check - may a packet buffer be parked now?
; C twin: the checks of xms_park_c() (xms_park_c.c).
; In:  ES:DI = the buffer.
; Out: CF = 0 yes; CF = 1: AX = MEM_E_BADPTR (null, the header would wrap,
;      magic or check word wrong: not a buffer the pools carved here),
;      MEM_E_STATE (more than one reference), MEM_E_CORRUPT (len 0, data
;      below the header, the frame past cap, a cap no buffer has) or
;      MEM_E_NOXMS.
; Modifies: AX BX CX DX flags.  Context: task.
park_check:
    mov ax, MEM_E_BADPTR
    mov cx, es
    jcxz .no
    cmp di, 0FFF0h                      ; the header must not wrap
    ja .no
    cmp word [es:di+MEM_PKT_OFF_MAGIC], MEM_PKT_MAGIC
    jne .no
    xor cx, di
    xor cx, PKT_CHECK
    cmp cx, [es:di+MEM_PKT_OFF_CHECK]   ; carved by the pools, here
    jne .no
    mov ax, MEM_E_STATE
    cmp byte [es:di+MEM_PKT_OFF_REF], 1
    jne .no                             ; shared: others still use it
    mov ax, MEM_E_CORRUPT
    mov bx, [es:di+MEM_PKT_OFF_CAP]
    cmp bx, PARK_SLOT_BYTES
    ja .no
    mov dx, [es:di+MEM_PKT_OFF_DATA]
    cmp dx, MEM_PKT_HDR
    jb .no
    sub bx, dx
    jb .no                              ; data > cap
    mov cx, [es:di+MEM_PKT_OFF_LEN]
    jcxz .no
    cmp cx, bx
    ja .no                              ; len > cap - data
    jmp drv_guard
.no:
    stc
    ret

; int mem_xms_park(mem_fp_t pkt)  -  near: int mod_xms_park(mem_fp_t pkt)
; Park a packet buffer (one reference) in XMS and free it: its frame
; [data, data + len) and its link go to a free slot of the store (taken
; at the first park: PARK_KB KB, XMS 09h, the 16-bit call every driver and
; CPU has), its len and data to the slot's record.
; C twin: xms_park_c() (xms_park_c.c).
; In:  [sp+2] pkt offset, [sp+4] pkt segment.
; Out: AX = the ticket (> 0: generation << 8 | slot + 1); otherwise the
;      buffer is where it was, untouched, and AX = MEM_E_STATE (the guard;
;      or a buffer with more than one reference), MEM_E_BADPTR (null, no
;      packet buffer: magic or check word wrong), MEM_E_CORRUPT (len 0,
;      data below the header, the frame past cap, a cap no packet buffer
;      has), MEM_E_NOXMS, MEM_E_NOMEM (every slot taken) or
;      MEM_E_XMS(code) (taking the store, the move; A0h: XMS too full for
;      the store).
; Modifies: AX BX CX DX ES flags; keeps SI DI BP DS.
; Context: task, through c_gate.
; Clocks (80286, bench/xmspark.sh, 1514 bytes, the store taken): one
;      driver move of the frame and 1,132 besides it, through the client
;      stub and c_gate and mem_pkt_free.
_mod_xms_park:
    push bp
    mov bp, sp
    push si
    push di
    sub sp, P_SUB
    call task_guard
    jc .out
    les di, [bp+4]
    call park_check
    jc .out
    cmp word [PARK_XH], 0
    jne .find
    mov dx, PARK_KB                     ; the store
    mov ah, 09h
    call xms_call
    jc .out
    mov bl, 8Eh
    test dx, dx
    jz .fail                            ; "success" without a handle
    mov [PARK_XH], dx
.find:
    xor si, si
.scan:
    test byte [_xms_park_state+si], 80h
    jz .free
    inc si
    cmp si, MEM_XMS_PARK_SLOTS
    jb .scan
    mov ax, MEM_E_NOMEM                 ; the store is full
    jmp .out
.fail:
    call xms_fail
    jmp .out
.free:
    lea bx, [bp+P_M+MV_DST]
    lea cx, [bp+P_M+MV_SRC]
    call park_move
    jc .out
    mov bx, si                          ; the header words the slot keeps
    shl bx, 2
    mov ax, [es:di+MEM_PKT_OFF_LEN]
    mov [park_rec+bx], ax
    mov ax, [es:di+MEM_PKT_OFF_DATA]
    mov [park_rec+bx+2], ax
    push es
    push di
    call _pool_pkt_free_c
    add sp, 4
    test ax, ax
    jz .parked
    js .out                             ; not ours after all: kept
    mov ax, MEM_E_STATE                 ; shared after all: kept
    jmp .out
.parked:
    mov al, [_xms_park_state+si]        ; free: bit 7 clear
    inc ax
    or al, 80h                          ; parked, the next generation
    mov [_xms_park_state+si], al
    and al, 7Fh
    mov ah, al
    mov al, 1
    add ax, si                          ; slot + 1 <= 255
.out:
    jmp leave_frame

; int mem_xms_unpark(u16 ticket, mem_fp_t out)
; near: int mod_xms_unpark(u16 ticket, mem_fp_t out)
; Bring a parked buffer back: a fresh packet buffer (mem_pkt_alloc of the
; frame plus the headroom it had above the default, at most MEM_PKT_MAX:
; a frame an owner grew past it, or moved up to the end of the largest
; class, comes back in that class; cap is checked) with the same frame,
; len, data offset and link; its far pointer to *out.
; C twin: xms_unpark_c() (xms_park_c.c).
; In:  [sp+2] ticket, [sp+4] out offset, [sp+6] out segment.
; Out: AX = MEM_OK and *out; otherwise AX = MEM_E_STATE, MEM_E_INVAL (out
;      null), MEM_E_BADPTR (a ticket not parked now), MEM_E_NOMEM (no
;      packet buffer big enough is free: the ticket stays valid),
;      MEM_E_XMS(code) (the move failed: the ticket stays valid).
; Modifies: AX BX CX DX ES flags; keeps SI DI BP DS.
; Context: task, through c_gate.
; Clocks (80286, bench/xmspark.sh, 1514 bytes): one driver move of the
;      frame and 1,180 besides it, through the client stub and c_gate and
;      mem_pkt_alloc.
_mod_xms_unpark:
    push bp
    mov bp, sp
    push si
    push di
    sub sp, P_SUB
    call task_guard
    jc .out
    mov ax, MEM_E_INVAL
    cmp word [bp+8], 0
    je .out
    mov bx, [bp+4]
    dec bl                              ; slot number 0 -> FFh
    xor bh, 80h                         ; parked, this generation (a ticket
    mov al, bl                          ; with bit 15 set never matches)
    cbw
    xchg ax, si                         ; SI = the slot, 80h.. negative
    mov ax, MEM_E_BADPTR
    cmp word [PARK_XH], 0
    je .out                             ; no store: nothing is parked
    cmp si, MEM_XMS_PARK_SLOTS
    jae .out
    cmp [_xms_park_state+si], bh
    jne .out
    mov bx, si
    shl bx, 2
    mov cx, [park_rec+bx]               ; the frame, and the headroom it
    mov ax, [park_rec+bx+2]             ; had above the default
    sub ax, MEM_PKT_DATA
    jbe .max
    add cx, ax
.max:
    cmp cx, MEM_PKT_MAX
    jbe .alloc
    mov cx, MEM_PKT_MAX                 ; the largest class, cap checked below
.alloc:
    push cx
    call _pool_pkt_alloc_c
    pop cx
    mov di, ax
    mov es, dx
    mov ax, MEM_E_NOMEM
    or dx, di
    jz .out                             ; no buffer: the ticket stays valid
    mov bx, si
    shl bx, 2
    mov dx, [park_rec+bx]
    mov cx, [park_rec+bx+2]
    mov [es:di+MEM_PKT_OFF_LEN], dx
    mov [es:di+MEM_PKT_OFF_DATA], cx
    add cx, dx
    cmp cx, [es:di+MEM_PKT_OFF_CAP]
    ja .drop                            ; a smaller buffer than it had
    lea bx, [bp+P_M+MV_SRC]
    lea cx, [bp+P_M+MV_DST]
    call park_move
    jc .drop
    push es
    les bx, [bp+6]
    mov [es:bx], di
    pop word [es:bx+2]
    and byte [_xms_park_state+si], 7Fh
    xor ax, ax
    jmp .out
.drop:                                  ; the buffer goes back, AX kept
    push ax
    push es
    push di
    call _pool_pkt_free_c
    add sp, 4
    pop ax
.out:
    jmp leave_frame

; -------------------------------------------------------------- unload
; void xms_release(void)
; The group's unload hook (hook 4, mod_header.asm): give the driver back
; every handle of the table and the park store, each unlocked as often as
; the module locked it and then freed; a free refused with ABh (locked by
; someone else) unlocks once more and tries again, up to 256 times.  The
; slots are left free (generations kept) and the table of parked buffers
; forgotten.  Driver errors are ignored: there is nobody left to tell.
; mod_unload calls it before the core forgets the driver (xms_unload); a
; seal that drops the group zeroes the hook, and refuses to while the group
; holds a handle or a parked buffer.
; C twin: xms_release_c() (xms_park_c.c).
; In:  nothing (bcc near call).  Out: nothing.
; Modifies: AX BX CX DX flags.  Context: task/init (mod_unload).
_xms_release:
    push si
    push di
    mov si, _xms_tab
.slot:                                  ; the table, then the store's slot
    mov di, 256
.try:
    mov dx, [si+SL_XH]
    test dx, dx
    jz .next
    mov ah, 0Dh
    cmp byte [si+SL_LOCKS], 0
    je .free
    dec byte [si+SL_LOCKS]              ; a lock the module took
    call xms_call
    jmp .try
.free:
    mov ah, 0Ah
    call xms_call
    jnc .gone
    cmp bl, 0ABh                        ; locked behind our back
    jne .gone
    inc byte [si+SL_LOCKS]
    dec di
    jnz .try
.gone:
    xor ax, ax
    mov [si+SL_XH], ax
    mov [si+SL_LOCKS], al
.next:
    add si, SL_SIZE
    cmp si, _xms_park_state
    jb .slot
    mov cx, MEM_XMS_PARK_SLOTS          ; SI = xms_park_state
.clear:
    and byte [si], 7Fh
    inc si
    loop .clear
    pop di
    pop si
    ret
