; xms_move.asm - the XMS group: mem_xms_move, mem_xms_park and
; mem_xms_unpark (memory_api.h, section XMS), task entries reached through
; c_gate (api.def kind c: near, bcc's convention, arguments from [sp+2],
; result in AX, SI DI BP kept, DS = ES = SS = CS on entry, DF = 0).
; C twins: xms_move_c.c (mem_xms_move), xms_park_c.c (park, unpark).
;
; The group moves as a block: it uses core data (xms_core.asm: the driver,
; the handle table, the park store's handle and count; mod)
; and core routines (xms_call, xms_fail; the pools' _pool_pkt_alloc_c and
; _pool_pkt_free_c), never C, port_* or bcc_rt, and nothing outside calls
; into it but the API table.  Its private data, the table of parked
; buffers, is between xms_move_data_beg/_end; the scratch of a move (the
; 0Bh structure, the odd-byte word, the bounce buffer) is on the module's
; stack (MOD_STACK_BYTES, 768: a move's frame takes 222 of it, which
; leaves the driver more than the 256 bytes it needs).
;
; The rules of the spec that drivers do not all keep (xms-vds-dos-facts.md
; 1.4) are kept here, so the driver only ever sees even lengths and never
; an overlapping move:
;   - an odd last byte goes through a 2-byte word (read-modify-write of the
;     word that holds it in a block; conventional memory directly);
;   - overlapping ranges in one space are moved in pieces no longer than
;     their distance, from the end when the destination lies above the
;     source and from the start otherwise, so every byte is read before it
;     is overwritten; a distance below XMS_BOUNCE_BYTES goes through a
;     bounce buffer of that size instead of many tiny calls.  The odd byte
;     is the last one: it goes first from the end, last from the start;
;   - offsets and lengths are checked against the block (or the top of
;     conventional memory, 10FFF0h) before the driver is called.
; Conventional addresses are handled as linear addresses and given to the
; driver normalised, so a seg:off whose offset wraps within a move means
; the bytes that follow it in memory, as the drivers read it.

cpu 286
%include "pool_fast.inc"
%include "xms_core.inc"

section .text

global _mod_xms_move, _mod_xms_park, _mod_xms_unpark
extern xms_call, xms_fail
extern _xms, _xms_tab, _xms_used, _xms_park_store, _xms_park_count
extern _mod
extern _pool_pkt_alloc_c, _pool_pkt_free_c

; ---------------------------------------------------------------- data
; The parked buffers, one entry per slot of the store (slot i holds its
; frame at i * PARK_SLOT_BYTES): state bit 7 = parked, bits 0-6 = the
; generation (ticket bits 8-14); the owner's header words len, data and
; link.  Counts only while xms_park_store != 0 (park_open clears it).
xms_move_data_beg:
park_state: times MEM_XMS_PARK_SLOTS db 0
park_len:   times MEM_XMS_PARK_SLOTS dw 0
park_data:  times MEM_XMS_PARK_SLOTS dw 0
park_link:  times MEM_XMS_PARK_SLOTS dd 0
xms_move_data_end:

; One side of a move (10 bytes, in the frame): a block (xh = the driver's
; handle, pos = the byte offset, size = the block's bytes) or conventional
; memory (xh = 0, pos = the linear address, size = 10FFF0h).
SD_XH   equ 0
SD_POS  equ 2
SD_SIZE equ 6

; mod_xms_move's frame (BP-relative; SI DI saved at -2, -4).
F_LEN   equ -8          ; dd the length
F_REM   equ -12         ; dd even bytes still to move
F_P     equ -16         ; dd the piece length (even)
F_K     equ -20         ; dd this piece
F_S     equ -30         ; side: source
F_D     equ -40         ; side: destination
F_X     equ -50         ; side: the word of a block that holds a byte
F_WS    equ -60         ; side: F_W
F_B     equ -70         ; side: F_BUF
F_M     equ -86         ; the 0Bh structure (16)
F_W     equ -88         ; the odd-byte word (2)
F_BACK  equ -89         ; 1: pieces from the end
F_BNC   equ -90         ; 1: pieces through the bounce buffer
F_BUF   equ -90 - XMS_BOUNCE_BYTES
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
; Out: as task_guard, and CF = 1 with AX = MEM_E_NOXMS without a driver.
; Modifies: AX flags.  Context: task.
xms_guard:
    call task_guard
    jc .out
    mov ax, MEM_E_NOXMS
    cmp word [_xms + XS_ENTRY_SEG], 1
.out:
    ret

; slot_of - the handle table's slot of a module handle.
; C twin: slot_of_c() (xms_move_c.c).
; In:  AX = handle (AL slot number 1..MEM_XMS_HANDLES, AH generation).
; Out: CF = 0: DI -> the slot, live and of that generation; CF = 1: AX is
;      not a live handle of the module.
; Modifies: AX DI flags.  Context: task.
slot_of:
    push cx
    mov cl, ah
    dec al                              ; 0 -> FFh
    cmp al, MEM_XMS_HANDLES
    jae .no
    mov ah, SL_SIZE
    mul ah                              ; AX = index * 12
    add ax, _xms_tab
    mov di, ax
    cmp word [di+SL_XH], 0
    je .no
    cmp [di+SL_GEN], cl
    jne .no
    pop cx                              ; CF = 0 from the compare
    ret
.no:
    pop cx
    stc
    ret

; ------------------------------------------------------------ addresses
; fp_lin - the linear address of a far pointer.
; C twin: MEM_FP_LINEAR (memory_api.h).
; In:  DX:AX = segment:offset.  Out: DX:AX = segment * 16 + offset.
; Modifies: CX flags.  Context: any.
fp_lin:
    mov cx, dx
    shl cx, 4
    shr dx, 12
    add ax, cx
    adc dx, 0
    ret

; near_lin - the linear address of module data.
; C twin: near_lin_c() (xms_move_c.c).
; In:  AX = an offset in DS.  Out: DX:AX = DS * 16 + AX.
; Modifies: CX flags.  Context: any.
near_lin:
    mov dx, ds
    jmp fp_lin

; lin_fp - a far pointer to a linear address.
; C twin: lin_fp_c() (xms_move_c.c).
; In:  DX:AX = a linear address below 10FFF0h.
; Out: DX:AX = segment:offset, normalised (offset 0..15) below 1 MB,
;      FFFF:offset above; CF = 0.
; Modifies: CX flags.  Context: any.
lin_fp:
    cmp dx, 10h
    jae .high
    mov cx, ax
    shr cx, 4
    shl dx, 12
    or dx, cx
    and ax, 0Fh                         ; CF = 0
    ret
.high:
    add ax, 10h                         ; linear - FFFF0h, no carry
    mov dx, 0FFFFh
    ret

; ---------------------------------------------------------------- moves
; int mem_xms_move(mem_fp_t m)  -  near: int mod_xms_move(mem_fp_t desc)
; Copy m->length bytes as *m describes (struct mem_xms_move): any length,
; odd included; overlapping ranges as memmove.
; C twin: xms_move_c() (xms_move_c.c).
; In:  [sp+2] desc offset, [sp+4] desc segment.
; Out: AX = MEM_OK; MEM_E_BUSY, MEM_E_STATE, MEM_E_NOXMS (the guard);
;      MEM_E_INVAL (desc null); MEM_E_XMS_BAD_SRC_HANDLE /
;      _BAD_DST_HANDLE (A3h / A5h recorded) for a handle the module did
;      not give out; MEM_E_RANGE when a range leaves its block or goes past
;      10FFF0h (checked before the driver is called); MEM_E_XMS(code) when
;      the driver fails (recorded).  Length 0 (both sides valid) and a
;      range onto itself are MEM_OK without a driver call.
; Modifies: AX BX CX DX ES flags; keeps SI DI BP DS.
; Context: task, through c_gate (module stack: this frame is 222 bytes,
;      leaving the driver more than its 256).
; Clocks (80286, bench/xmspark.sh, through the client stub and c_gate,
;      ~370 of it): 1,522 besides the driver for 1514 bytes from
;      conventional memory to a block (one driver call), 2,764 for 1515
;      (three calls: the odd byte's word is read and written back; two
;      when the destination is conventional memory).  Overlapping ranges:
;      one call per piece, two through the bounce buffer.
_mod_xms_move:
    push bp
    mov bp, sp
    push si
    push di
    sub sp, F_SUB
    call xms_guard
    jc .out
    mov ax, MEM_E_INVAL
    les bx, [bp+4]
    mov cx, es
    jcxz .out
    mov ax, [es:bx+MV_LEN]
    mov [bp+F_LEN], ax
    mov ax, [es:bx+MV_LEN+2]
    mov [bp+F_LEN+2], ax
    lea si, [bp+F_S]
    add bx, MV_SRC
    mov dl, 0A3h
    call side_make
    jc .out
    lea si, [bp+F_D]
    add bx, MV_DST - MV_SRC
    mov dl, 0A5h
    call side_make
    jc .out
    call move_sides
.out:
    lea sp, [bp-4]
    pop di
    pop si
    pop bp
    ret

; side_make - one side of a move from the caller's handle and offset.
; C twin: side_make_c() (xms_move_c.c).
; In:  ES:BX -> a handle and its offset (struct mem_xms_move +4 or +10);
;      SI -> the side; DL = the XMS code for a handle not given out
;      (A3h source, A5h destination; the park store's is not given out);
;      [bp+F_LEN] = the length.
; Out: CF = 0: the side filled (see SD_*); CF = 1: AX = MEM_E_RANGE when
;      pos > size or length > size - pos, or MEM_E_XMS(DL) (recorded).
; Modifies: AX CX DX DI flags; keeps BX ES SI.  Context: task.
side_make:
    mov ax, [es:bx]
    test ax, ax
    jnz .block
    mov [si+SD_XH], ax                  ; conventional: linear, below 10FFF0h
    mov ax, [es:bx+2]
    mov dx, [es:bx+4]
    call fp_lin
    mov cx, XMS_CONV_TOP & 0FFFFh
    mov di, XMS_CONV_TOP >> 16
    jmp .put
.block:
    cmp ax, [_xms_park_store]           ; the module's own: never given out
    je .foreign
    call slot_of
    jc .foreign
    mov ax, [di+SL_XH]
    mov [si+SD_XH], ax
    mov cx, [di+SL_KB]                  ; size = kb << 10, 4 GB and up capped
    mov ax, [di+SL_KB+2]
    cmp ax, 40h
    jb .shift
    mov cx, 0FFFFh
    mov di, cx
    jmp .pos
.shift:
    mov dx, cx
    shl ax, 10
    shr dx, 6
    or ax, dx
    mov di, ax
    shl cx, 10
.pos:
    mov ax, [es:bx+2]
    mov dx, [es:bx+4]
.put:                                   ; DX:AX = pos, DI:CX = size
    mov [si+SD_POS], ax
    mov [si+SD_POS+2], dx
    mov [si+SD_SIZE], cx
    mov [si+SD_SIZE+2], di
    sub cx, ax
    sbb di, dx                          ; size - pos
    jb .range
    sub cx, [bp+F_LEN]
    sbb di, [bp+F_LEN+2]                ; size - pos - length
    jb .range
    ret                                 ; CF = 0
.range:
    mov ax, MEM_E_RANGE                 ; CF = 1 from the borrow
    ret
.foreign:
    push bx
    mov bl, dl
    call xms_fail
    pop bx
    ret

; move_sides - the move itself, both sides made and checked.  Ranges in
; two spaces, or apart by at least the length, go in one driver call (the
; odd byte after it); overlapping ones in pieces (F_P bytes, from the end
; when F_BACK, through the bounce buffer when F_BNC).
; C twin: move_sides_c() (xms_move_c.c).
; In:  the frame: F_LEN, F_S, F_D.
; Out: AX = MEM_OK or MEM_E_XMS(code); CF set on failure.
; Modifies: AX BX CX DX SI DI ES flags and the frame.  Context: task.
move_sides:
    xor ax, ax
    mov cx, [bp+F_LEN]
    or cx, [bp+F_LEN+2]
    jz .ret                             ; nothing to move
    mov [bp+F_BACK], al
    mov [bp+F_BNC], al
    mov ax, [bp+F_S+SD_XH]
    cmp ax, [bp+F_D+SD_XH]
    jne .plain                          ; two spaces never overlap
    mov ax, [bp+F_D+SD_POS]
    mov dx, [bp+F_D+SD_POS+2]
    sub ax, [bp+F_S+SD_POS]
    sbb dx, [bp+F_S+SD_POS+2]           ; destination - source
    jae .up
    neg dx                              ; below: from the start
    neg ax
    sbb dx, 0
    jmp .dist
.up:
    mov cx, ax
    or cx, dx
    jz .ret                             ; onto itself: AX = 0
    inc byte [bp+F_BACK]                ; above: from the end
.dist:                                  ; DX:AX = the distance
    cmp dx, [bp+F_LEN+2]
    ja .plain
    jb .overlap
    cmp ax, [bp+F_LEN]
    jb .overlap
.plain:                                 ; one piece, then the odd byte
    mov byte [bp+F_BACK], 0
    mov ax, [bp+F_LEN]
    and al, 0FEh
    mov dx, [bp+F_LEN+2]
    mov [bp+F_K], ax
    mov [bp+F_K+2], dx
    mov cx, ax
    or cx, dx
    jz .tail
    call piece
    jc .ret
    mov ax, [bp+F_K]
    mov dx, [bp+F_K+2]
    call advance
    jmp .tail
.overlap:
    test dx, dx
    jnz .direct
    cmp ax, XMS_BOUNCE_BYTES
    jae .direct
    inc byte [bp+F_BNC]
    mov ax, XMS_BOUNCE_BYTES
.direct:
    and al, 0FEh                        ; at most the distance, even
    mov [bp+F_P], ax
    mov [bp+F_P+2], dx
    call scratch
    mov ax, [bp+F_LEN]
    and al, 0FEh
    mov dx, [bp+F_LEN+2]
    mov [bp+F_REM], ax
    mov [bp+F_REM+2], dx
    cmp byte [bp+F_BACK], 0
    je .next
    call advance                        ; from the end: the odd byte first
    call odd_byte
    jc .ret
.next:
    mov ax, [bp+F_REM]
    mov dx, [bp+F_REM+2]
    mov cx, ax
    or cx, dx
    jz .tail
    cmp dx, [bp+F_P+2]                  ; this piece: min(rest, piece)
    jb .k
    ja .p
    cmp ax, [bp+F_P]
    jbe .k
.p:
    mov ax, [bp+F_P]
    mov dx, [bp+F_P+2]
.k:
    mov [bp+F_K], ax
    mov [bp+F_K+2], dx
    sub [bp+F_REM], ax
    sbb [bp+F_REM+2], dx
    cmp byte [bp+F_BACK], 0
    je .fwd
    neg dx
    neg ax
    sbb dx, 0
    call advance                        ; back to this piece's start
    call piece
    jc .ret
    jmp .next
.fwd:
    call piece
    jc .ret
    mov ax, [bp+F_K]
    mov dx, [bp+F_K+2]
    call advance                        ; on to the next piece
    jmp .next
.tail:
    cmp byte [bp+F_BACK], 0
    jne .ok
    test byte [bp+F_LEN], 1
    jz .ok
    call scratch
    call odd_byte                       ; from the start: the odd byte last
    jc .ret
.ok:
    xor ax, ax
.ret:
    ret

; scratch - set the conventional sides of the odd-byte word (F_WS: F_W)
; and of the bounce buffer (F_B: F_BUF), both on this stack.
; C twin: scratch_c() (xms_move_c.c).
; In:  the frame.  Out: F_WS, F_B.
; Modifies: AX CX DX flags.  Context: task.
scratch:
    xor ax, ax
    mov [bp+F_WS+SD_XH], ax
    mov [bp+F_B+SD_XH], ax
    lea ax, [bp+F_W]
    call near_lin
    mov [bp+F_WS+SD_POS], ax
    mov [bp+F_WS+SD_POS+2], dx
    lea ax, [bp+F_BUF]
    call near_lin
    mov [bp+F_B+SD_POS], ax
    mov [bp+F_B+SD_POS+2], dx
    ret

; advance - move both sides on.
; C twin: advance_c() (xms_move_c.c).
; In:  DX:AX = bytes (mod 2^32: a negative count moves back).
; Out: F_S and F_D positions += DX:AX.
; Modifies: flags.  Context: task.
advance:
    add [bp+F_S+SD_POS], ax
    adc [bp+F_S+SD_POS+2], dx
    add [bp+F_D+SD_POS], ax
    adc [bp+F_D+SD_POS+2], dx
    ret

; piece - one piece of a move: directly, or through the bounce buffer.
; C twin: piece_c() (xms_move_c.c).
; In:  F_K = bytes (even, > 0, at most XMS_BOUNCE_BYTES with F_BNC),
;      from F_S to F_D at their positions.
; Out: CF/AX as xms_call.
; Modifies: AX BX CX DX SI DI flags.  Context: task.
piece:
    mov ax, [bp+F_K]
    mov dx, [bp+F_K+2]
    lea si, [bp+F_S]
    lea di, [bp+F_D]
    cmp byte [bp+F_BNC], 0
    je xfer
    lea di, [bp+F_B]
    call xfer                           ; source -> bounce
    jc .out
    mov ax, [bp+F_K]
    mov dx, [bp+F_K+2]
    lea si, [bp+F_B]
    lea di, [bp+F_D]
    jmp xfer                            ; bounce -> destination
.out:
    ret

; xfer - XMS 0Bh through the structure F_M.
; C twin: xfer_c() (xms_move_c.c).
; In:  DX:AX = bytes (even); SI -> the source side, DI -> the destination
;      side, each at its position (no overlap: the callers see to it).
; Out: CF/AX as xms_call.
; Modifies: AX BX CX DX flags; keeps SI DI.  Context: task.
xfer:
    push si
    lea bx, [bp+F_M]
    mov [bx+MV_LEN], ax
    mov [bx+MV_LEN+2], dx
    add bx, MV_SRC
    call side_put
    mov si, di
    add bx, MV_DST - MV_SRC
    call side_put
    lea si, [bp+F_M]
    mov ah, 0Bh
    call xms_call
    pop si
    ret

; side_put - one end of the 0Bh structure from a side.
; C twin: side_put_c() (xms_move_c.c).
; In:  SI -> the side, BX -> the structure's handle field.
; Out: the handle, then the block's offset or conventional memory's far
;      pointer.
; Modifies: AX CX DX flags.  Context: task.
side_put:
    mov ax, [si+SD_POS]
    mov dx, [si+SD_POS+2]
    mov cx, [si+SD_XH]
    mov [bx], cx
    jcxz .conv
.put:
    mov [bx+2], ax
    mov [bx+4], dx
    ret
.conv:
    call lin_fp
    jmp .put

; odd_byte - the odd byte of a move.
; C twin: odd_byte_c() (xms_move_c.c).
; In:  the frame (F_WS set by scratch).
; Out: when F_LEN is odd, the byte at F_S's position copied to F_D's; CF
;      = 0, or CF = 1 with AX = MEM_E_XMS(code).
; Modifies: AX BX CX DX SI ES flags.  Context: task.
odd_byte:
    test byte [bp+F_LEN], 1
    jz .out                             ; CF = 0
    lea si, [bp+F_S]
    call byte_get
    jc .out
    lea si, [bp+F_D]
    jmp byte_put
.out:
    ret

; byte_get - AL = the byte at side SI's position: conventional memory
; directly, a block through the word that holds it.
; C twin: byte_get_c() (xms_move_c.c).
; In:  SI -> the side.
; Out: CF = 0 and AL; CF = 1 and AX = MEM_E_XMS(code).
; Modifies: AX BX CX DX ES flags.  Context: task.
byte_get:
    cmp word [si+SD_XH], 0
    jne .block
    call conv_at
    mov al, [es:bx]
    ret                                 ; CF = 0 (conv_at)
.block:
    call word_in
    jc .out
    mov al, [bx]
.out:
    ret

; byte_put - write AL at side SI's position: conventional memory directly,
; a block by reading the word that holds it, changing the byte, writing
; the word back.  C twin: byte_put_c() (xms_move_c.c).
; In:  SI -> the side, AL = the byte.
; Out: CF = 0, or CF = 1 and AX = MEM_E_XMS(code).
; Modifies: AX BX CX DX ES flags.  Context: task.
byte_put:
    cmp word [si+SD_XH], 0
    jne .block
    push ax
    call conv_at
    pop ax
    mov [es:bx], al
    ret                                 ; CF = 0 (conv_at)
.block:
    push ax
    call word_in
    pop cx
    jc .out
    mov [bx], cl
    push si
    push di
    lea si, [bp+F_WS]
    lea di, [bp+F_X]
    mov ax, 2
    xor dx, dx
    call xfer
    pop di
    pop si
.out:
    ret

; conv_at - the far pointer of a conventional side's position.
; C twin: lin_fp_c() in byte_get_c() / byte_put_c() (xms_move_c.c).
; In:  SI -> the side.  Out: ES:BX; CF = 0.
; Modifies: AX BX CX DX ES flags.  Context: task.
conv_at:
    mov ax, [si+SD_POS]
    mov dx, [si+SD_POS+2]
    call lin_fp
    mov es, dx
    mov bx, ax
    ret

; word_in - read the word of block side SI that holds the byte at its
; position into F_W: the word at the position, or at the position - 1
; when the byte is the block's last.  F_X = that word's side.
; C twin: word_in_c() (xms_move_c.c).
; In:  SI -> the side.
; Out: CF = 0: BX -> the byte in F_W; CF = 1: AX = MEM_E_XMS(code).
; Modifies: AX BX CX DX flags; keeps SI DI.  Context: task.
word_in:
    push si
    push di
    mov ax, [si+SD_XH]
    mov [bp+F_X+SD_XH], ax
    mov ax, [si+SD_POS]
    mov dx, [si+SD_POS+2]
    mov cx, [si+SD_SIZE]
    mov bx, [si+SD_SIZE+2]
    sub cx, ax
    sbb bx, dx                          ; bytes from here to the end, >= 1
    lea di, [bp+F_W]
    test bx, bx
    jnz .at
    cmp cx, 1
    ja .at
    sub ax, 1                           ; the last byte: the word before
    sbb dx, 0
    inc di
.at:
    mov [bp+F_X+SD_POS], ax
    mov [bp+F_X+SD_POS+2], dx
    push di
    lea si, [bp+F_X]
    lea di, [bp+F_WS]
    mov ax, 2
    xor dx, dx
    call xfer
    pop bx
    pop di
    pop si
    ret

; ------------------------------------------------------------ park store
; The frame of park / unpark (BP-relative; SI DI saved at -2, -4).
P_M     equ -20         ; the 0Bh structure
P_SLOT  equ -22         ; the slot
P_SUB   equ 18

; park_open - take the park store: PARK_KB KB (XMS 09h: the 16-bit call
; serves every driver and CPU) in a free slot of the handle table, counted
; as mem_xms_alloc counts a block; the table of parked buffers starts
; empty (parked bits cleared, generations kept).
; C twin: park_open_c() (xms_park_c.c).
; In:  nothing (xms_park_store = 0).
; Out: CF = 0: xms_park_store = the store's module handle; CF = 1: AX =
;      MEM_E_HANDLES (table full) or MEM_E_XMS(code) (recorded: A0h when
;      XMS is too full for it).
; Modifies: AX BX CX DX flags; keeps SI DI ES.  Context: task.
park_open:
    push di
    mov di, _xms_tab
    mov cx, 1                           ; slot number
.find:
    cmp word [di+SL_XH], 0
    je .got
    add di, SL_SIZE
    inc cx
    cmp cx, MEM_XMS_HANDLES
    jbe .find
    mov ax, MEM_E_HANDLES
    stc
    jmp .out
.got:
    push cx
    mov dx, PARK_KB
    mov ah, 09h
    call xms_call
    pop cx
    jc .out
    test dx, dx
    jnz .ok
    mov bl, 8Eh                         ; "success" without a handle
    call xms_fail
    jmp .out
.ok:
    mov [di+SL_XH], dx
    xor ax, ax
    mov [di+SL_LOCKS], al
    mov word [di+SL_KB], PARK_KB
    mov [di+SL_KB+2], ax
    mov [di+SL_PHYS], ax
    mov [di+SL_PHYS+2], ax
    mov al, [di+SL_GEN]
    inc ax
    and al, 7Fh
    mov [di+SL_GEN], al
    mov ch, al
    mov [_xms_park_store], cx           ; generation << 8 | slot number
    inc word [_xms_used]
    mov bx, park_state
.clear:
    and byte [bx], 7Fh
    inc bx
    cmp bx, park_state + MEM_XMS_PARK_SLOTS
    jb .clear                           ; ends with CF = 0
.out:
    pop di
    ret

; park_move - XMS 0Bh between the frame of packet buffer ES:DI (its
; header's data and len) and slot [bp+P_SLOT] of the store, (len + 1) & ~1
; bytes: the driver sees an even length, and the byte after an odd frame
; is still inside the buffer (cap is even) and inside the slot.
; C twin: park_move_c() (xms_park_c.c).
; In:  ES:DI; park: BX = MV_DST, CX = MV_SRC, DL = A5h; unpark: BX =
;      MV_SRC, CX = MV_DST, DL = A3h (BX: the store's end, CX: the
;      buffer's, DL: the code when the store is not a live handle).
; Out: CF/AX as xms_call.
; Modifies: AX BX CX DX SI flags; keeps DI ES.  Context: task.
park_move:
    lea si, [bp+P_M]
    add bx, si
    add cx, si
    push di
    mov ax, [_xms_park_store]
    call slot_of
    jc .gone
    mov ax, [di+SL_XH]
    pop di
    mov [bx], ax                        ; the store, at the slot's offset
    mov ax, [bp+P_SLOT]
    mov dx, PARK_SLOT_BYTES
    mul dx
    mov [bx+2], ax
    mov [bx+4], dx
    mov bx, cx                          ; the buffer: conventional, the frame
    mov word [bx], 0
    mov dx, es
    mov ax, di
    call fp_lin
    add ax, [es:di+MEM_PKT_OFF_DATA]
    adc dx, 0
    call lin_fp
    mov [bx+2], ax
    mov [bx+4], dx
    mov ax, [es:di+MEM_PKT_OFF_LEN]
    inc ax
    and al, 0FEh
    mov [si+MV_LEN], ax
    mov word [si+MV_LEN+2], 0
    mov ah, 0Bh
    jmp xms_call
.gone:
    pop di
    mov bl, dl
    jmp xms_fail

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
    mov ax, MEM_E_NOXMS
    cmp word [_xms + XS_ENTRY_SEG], 1   ; CF = 1 exactly when it is 0
    ret
.no:
    stc
    ret

; int mem_xms_park(mem_fp_t pkt)  -  near: int mod_xms_park(mem_fp_t pkt)
; Park a packet buffer (one reference) in XMS and free it: its frame
; [data, data + len) goes to a free slot of the store (taken at the first
; park), the header words link, len and data to the slot's entry.
; C twin: xms_park_c() (xms_park_c.c).
; In:  [sp+2] pkt offset, [sp+4] pkt segment.
; Out: AX = the ticket (> 0: generation << 8 | slot + 1); otherwise the
;      buffer is where it was, untouched, and AX = MEM_E_BUSY, MEM_E_STATE
;      (the guard; or a buffer with more than one reference),
;      MEM_E_BADPTR (null, no packet buffer: magic or check word wrong),
;      MEM_E_CORRUPT (len 0, data below the header, the frame past cap, a
;      cap no packet buffer has), MEM_E_NOXMS, MEM_E_NOMEM (every slot
;      taken), MEM_E_HANDLES or MEM_E_XMS(code) (taking the store, the
;      move; A0h: XMS too full for the store).
; Modifies: AX BX CX DX ES flags; keeps SI DI BP DS.
; Context: task, through c_gate.
; Clocks (80286, bench/xmspark.sh, 1514 bytes, the store taken): one
;      driver move of the frame and 1,313 besides it, through the client
;      stub and c_gate (~300 of it) and mem_pkt_free (~140).
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
    cmp word [_xms_park_store], 0
    jne .find
    call park_open
    jc .out
.find:
    xor si, si
.scan:
    test byte [park_state+si], 80h
    jz .free
    inc si
    cmp si, MEM_XMS_PARK_SLOTS
    jb .scan
    mov ax, MEM_E_NOMEM                 ; the store is full
    jmp .out
.free:
    mov [bp+P_SLOT], si
    mov bx, MV_DST
    mov cx, MV_SRC
    mov dl, 0A5h
    call park_move
    jc .out
    mov bx, [bp+P_SLOT]                 ; the header words the slot keeps
    shl bx, 1
    mov ax, [es:di+MEM_PKT_OFF_LEN]
    mov [park_len+bx], ax
    mov ax, [es:di+MEM_PKT_OFF_DATA]
    mov [park_data+bx], ax
    shl bx, 1
    mov ax, [es:di]
    mov [park_link+bx], ax
    mov ax, [es:di+2]
    mov [park_link+bx+2], ax
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
    mov bx, [bp+P_SLOT]
    mov al, [park_state+bx]
    inc ax
    and al, 7Fh                         ; the next generation
    mov ah, al
    or al, 80h
    mov [park_state+bx], al
    inc word [_xms_park_count]
    mov al, bl
    inc ax                              ; slot + 1 <= 255: no carry
.out:
    lea sp, [bp-4]
    pop di
    pop si
    pop bp
    ret

; int mem_xms_unpark(u16 ticket, mem_fp_t out)
; near: int mod_xms_unpark(u16 ticket, mem_fp_t out)
; Bring a parked buffer back: a fresh packet buffer (mem_pkt_alloc of the
; frame plus the headroom it had above the default, at most MEM_PKT_MAX:
; a frame an owner grew past it, or moved up to the end of the largest
; class, comes back in that class; cap is checked) with the same frame,
; len, data offset and link; its far pointer to *out.
; C twin: xms_unpark_c() (xms_park_c.c).
; In:  [sp+2] ticket, [sp+4] out offset, [sp+6] out segment.
; Out: AX = MEM_OK and *out; otherwise AX = MEM_E_BUSY, MEM_E_STATE,
;      MEM_E_INVAL (out null), MEM_E_BADPTR (a ticket not parked now),
;      MEM_E_NOMEM (no packet buffer big enough is free: the ticket stays
;      valid), MEM_E_XMS(code) (the move failed: the ticket stays valid).
; Modifies: AX BX CX DX ES flags; keeps SI DI BP DS.
; Context: task, through c_gate.
; Clocks (80286, bench/xmspark.sh, 1514 bytes): one driver move of the
;      frame and 1,376 besides it, through the client stub and c_gate
;      (~390 of it) and mem_pkt_alloc (~100).
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
    mov ax, MEM_E_BADPTR
    cmp word [_xms_park_store], 0
    je .out                             ; no store: nothing is parked
    mov bx, [bp+4]
    dec bl                              ; slot number 0 -> FFh
    cmp bl, MEM_XMS_PARK_SLOTS
    jae .out
    test bh, 80h
    jnz .out
    or bh, 80h                          ; parked, this generation
    mov si, bx
    and si, 0FFh
    cmp [park_state+si], bh
    jne .out
    mov [bp+P_SLOT], si
    shl si, 1
    mov cx, [park_len+si]               ; the frame, and the headroom it
    mov ax, [park_data+si]              ; had above the default
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
    mov cx, dx
    or cx, di
    jz .out                             ; no buffer: the ticket stays valid
    mov si, [bp+P_SLOT]
    shl si, 1
    mov cx, [park_data+si]
    mov dx, [park_len+si]
    mov bx, cx
    add bx, dx
    cmp bx, [es:di+MEM_PKT_OFF_CAP]
    ja .drop                            ; a smaller buffer than it had
    mov [es:di+MEM_PKT_OFF_DATA], cx
    mov [es:di+MEM_PKT_OFF_LEN], dx
    shl si, 1
    mov ax, [park_link+si]
    mov [es:di], ax
    mov ax, [park_link+si+2]
    mov [es:di+2], ax
    mov bx, MV_SRC
    mov cx, MV_DST
    mov dl, 0A3h
    call park_move
    jc .drop
    push es
    les bx, [bp+6]
    mov [es:bx], di
    pop word [es:bx+2]
    mov bx, [bp+P_SLOT]
    and byte [park_state+bx], 7Fh
    dec word [_xms_park_count]
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
    lea sp, [bp-4]
    pop di
    pop si
    pop bp
    ret
