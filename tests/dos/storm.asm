; storm.asm - t_storm.c's interrupt storm: an IRQ0 handler for PIT channel 0
; at 8-13 kHz that, on its own stack and bracketed by mem_isr_enter /
; mem_isr_leave, allocates and frees small objects and packet buffers
; through the client stubs (the module's ISR-safe far entries) and the
; register entries by turns, takes and gives DMA buffers, fills everything
; it takes with a pattern and checks the pattern before it frees, and
; shares packets by reference with the foreground through two queues.
; It chains to the BIOS INT 8 handler whenever its divisors add up to
; 65536 (the BIOS clock keeps time) and sends the EOI itself otherwise.
;
; Pace: the handler works on stm_limit ticks, then idles.  When the host
; runs DOSBox slowly, a handler that takes longer than a period leaves the
; foreground next to nothing between two interrupts (DOSBox takes an IRQ
; pending at IRET before the next instruction); so after STUCK_MAX ticks
; in which the foreground made no progress (stm_fprog unchanged) it skips
; one (counted in stm_shed), which gives the foreground a whole period.
; Linked into every test COM (tests/dos/*.asm): only _stm_* names are
; exported.
;
; Patterns: the handler's own blocks hold a byte 80h-BFh, packets it
; shares C0h-FFh; the foreground's shared packets hold 40h-7Fh and its own
; blocks a ramp of bytes below 80h.  A block handed out to both sides at
; once is overwritten by one of them and found by the other's check.
;
; Shared packets: one side allocates, takes a second reference with
; mem_pkt_ref and queues the packet; each side then frees once.  The
; taker moves the queue's tail and then frees; the maker drops its own
; reference at its first chance after the tail passed the packet (the
; handler: on its next tick; the foreground, queueing for the handler:
; at once, or one iteration later), so the two frees run into each other.
; Every such free's result goes to a record per packet (stm_note), which
; counts the packets whose two frees did not return "1" once and "0"
; (freed) once, and the frees that returned more than one reference (only
; two ever exist) or an error.
;
; Packet heap (T_HSTORM: t_storm.c with a heap configured): the handler's
; packet calls are the same; every packet buffer it gets is counted by the
; pool byte of its header (stm_hpk: the heap's, a class's, none), so that
; the foreground can tell how many of its allocations the heap served and
; how many fell back on the classes (the heap full, or busy: the tick
; landed in a heap call of the foreground's).
cpu 286

%include "mem_api_idx.inc"
extern _mem_api_tab
extern _mem_small_alloc, _mem_small_free, _mem_pkt_alloc, _mem_pkt_free
extern _mem_pkt_ref, _mem_fill, _mem_dma_alloc, _mem_dma_free
extern _mem_isr_enter, _mem_isr_leave

MEM_PKT_DATA      equ 48            ; memory_api.h
MEM_PKT_OFF_POOL  equ 11
MEM_PKT_OFF_MAGIC equ 12
MEM_PKT_MAGIC     equ 4B50h
MEM_POOL_HEAP     equ 12

QN        equ 32                    ; entries per queue (a power of two)
REC_N     equ 512                   ; records per direction (power of two,
                                    ; above the shared packets in flight)
HS_N      equ 8                     ; the handler's small objects
HP_N      equ 8                     ; the handler's packet buffers
HF_MAKE   equ 1                     ; packets shared per tick
FH_EAT    equ 4                     ; foreground packets taken per tick
HD_N      equ 3                     ; DMA buffers held of tag A
DMA_CHK   equ 32                    ; bytes of a DMA buffer filled/checked
STACK_BYTES equ 768
STUCK_MAX equ 4                     ; ticks without foreground progress

; Entries of the rings and queues, 8 bytes: off, seg (0 = empty slot),
; len, pattern (own blocks) or serial (shared packets).
; DMA slots, 16 bytes: struct mem_dma_buf (buf, phys, handle, size),
; pattern, pad.

%macro OPS 0                        ; one pool or DMA operation more
    add word [_stm_hops], 1
    adc word [_stm_hops+2], 0
%endmacro

section .data
global _stm_ticks, _stm_active, _stm_hops, _stm_hfail, _stm_herr
global _stm_hpat, _stm_hdfail, _stm_nest, _stm_chains, _stm_seed
global _stm_tag_a, _stm_tag_b, _stm_hs, _stm_hp, _stm_hf_rel, _stm_hd
global _stm_hdb, _stm_hfq, _stm_hf_head, _stm_hf_tail, _stm_hf_serial
global _stm_fhq, _stm_fh_head, _stm_fh_tail, _stm_fh_got, _stm_hf_made
global _stm_rec, _stm_done, _stm_zerr, _stm_hierr, _stm_nerr
global _stm_limit, _stm_work, _stm_shed, _stm_fprog, _stm_hpk
_stm_ticks:    dw 0                 ; timer interrupts since stm_install
_stm_limit:    dw 0                 ; ticks to work on
_stm_work:     dw 0                 ; ticks worked on
_stm_shed:     dw 0                 ; ticks skipped: the foreground was stuck
_stm_fprog:    dw 0                 ; the foreground counts its progress here
_stm_chains:   dw 0                 ; of which chained to the BIOS
_stm_active:   dw 0                 ; 1: the handler works
_stm_nest:     dw 0                 ; handler entered while running (never)
_stm_hops:     dd 0                 ; allocations, frees, references
_stm_hfail:    dw 0                 ; pool allocations that found none
_stm_herr:     dw 0                 ; wrong results (own free not 0, ref
                                    ; not 2, DMA free not MEM_OK)
_stm_hpat:     dw 0                 ; patterns or packet magics found broken
_stm_hdfail:   dw 0                 ; DMA allocations refused (never)
_stm_hpk:      dd 0, 0, 0           ; packet allocations: heap buffers,
                                    ; class buffers, none
_stm_seed:     dw 1                 ; xorshift state, never 0
_stm_tag_a:    dw 0                 ; DMA tags the foreground created
_stm_tag_b:    dw 0
_stm_hf_head:  dw 0                 ; handler -> foreground queue: the
_stm_hf_tail:  dw 0                 ; handler moves head, the foreground tail,
_stm_hf_rel:   dw 0                 ; the handler's own references up to here
                                    ; are dropped (rel <= tail <= head)
_stm_hf_serial: dw 0
_stm_hf_made:  dd 0
_stm_fh_head:  dw 0                 ; foreground -> handler queue
_stm_fh_tail:  dw 0
_stm_fh_got:   dd 0
_stm_done:     dd 0, 0              ; shared packets freed twice, per way
_stm_zerr:     dw 0, 0              ; ... whose frees did not say 1 and 0
_stm_hierr:    dw 0, 0              ; frees that returned more than 1
_stm_nerr:     dw 0, 0              ; frees that returned an error
_stm_hs:       times HS_N * 4 dw 0
_stm_hp:       times HP_N * 4 dw 0
_stm_hd:       times HD_N * 8 dw 0
_stm_hdb:      times 8 dw 0
_stm_hfq:      times QN * 4 dw 0
_stm_fhq:      times QN * 4 dw 0
_stm_rec:      times 2 * REC_N db 0  ; frees (low nibble), zeros (high)
hs_pos:        dw 0
hp_pos:        dw 0
hd_pos:        dw 0
alt_sa:        dw 0                 ; turns: stub or register entry
alt_sf:        dw 0
alt_pa:        dw 0
alt_pf:        dw 0
save_ss:       dw 0
save_sp:       dw 0
busy:          dw 0
last_prog:     dw 0
stuck:         dw 0
               times STACK_BYTES db 0
stack_top:

section .text

stm_ds:    dw 0
old8:      dd 0
divisor:   dw 0
acc:       dw 0

; void stm_install(unsigned divisor)
; C twin: none (test helper).
; In: [sp+2] PIT divisor.  Saves INT 8, sets the handler, reprograms
; channel 0 (mode 3); the tick, chain, work and shed counts from 0.
; Out: nothing.  Modifies: AX BX CX ES.  Context: foreground, DS = data.
global _stm_install
_stm_install:
    mov bx, sp
    mov cx, [ss:bx+2]
    mov [cs:stm_ds], ds
    mov [cs:divisor], cx
    mov word [cs:acc], 0
    mov word [_stm_ticks], 0
    mov word [_stm_chains], 0
    mov word [_stm_work], 0
    mov word [_stm_shed], 0
    mov word [stuck], 0
    xor ax, ax
    mov es, ax
    pushf
    cli
    mov ax, [es:8*4]
    mov [cs:old8], ax
    mov ax, [es:8*4+2]
    mov [cs:old8+2], ax
    mov word [es:8*4], stm_isr
    mov [es:8*4+2], cs
    mov al, 36h                     ; channel 0, lo/hi, mode 3
    out 43h, al
    mov al, cl
    out 40h, al
    mov al, ch
    out 40h, al
    popf
    ret

; void stm_remove(void)
; C twin: none.  Channel 0 back to 18.2 Hz (divisor 0 = 65536), INT 8
; back to the saved handler.  In: nothing.  Out: nothing.
; Modifies: AX ES.  Context: foreground, after stm_install.
global _stm_remove
_stm_remove:
    xor ax, ax
    mov es, ax
    pushf
    cli
    mov al, 36h
    out 43h, al
    xor al, al
    out 40h, al
    out 40h, al
    mov ax, [cs:old8]
    mov [es:8*4], ax
    mov ax, [cs:old8+2]
    mov [es:8*4+2], ax
    popf
    ret

; stm_isr - the INT 8 handler (no C prototype; C twin: none).
; In: an IRQ0, DS = anything.  Out: EOI sent, or the saved INT 8 handler
; chained (it sends the EOI) once the divisors add up to 65536.
; Modifies: nothing (4 bytes of the interrupted stack besides the
; interrupt frame; the work runs on stack_top).  Context: interrupt;
; interrupts stay off throughout (the module's entries restore the flags
; they find).
stm_isr:
    push ds
    push ax
    mov ax, [cs:stm_ds]
    mov ds, ax
    inc word [_stm_ticks]
    cmp word [busy], 0
    jne .nested
    mov word [busy], 1
    mov [save_ss], ss
    mov [save_sp], sp
    mov ss, ax
    mov sp, stack_top
    pusha
    push es
    cld
    cmp word [_stm_active], 0
    je .idle
    mov ax, [_stm_work]
    cmp ax, [_stm_limit]
    jae .idle
    mov ax, [_stm_fprog]
    cmp ax, [last_prog]
    je .same
    mov [last_prog], ax
    mov word [stuck], 0
    jmp .go
.same:
    inc word [stuck]
    cmp word [stuck], STUCK_MAX
    jb .go
    mov word [stuck], 0
    inc word [_stm_shed]            ; a whole period for the foreground
    jmp .idle
.go:
    inc word [_stm_work]
    call work
.idle:
    pop es
    popa
    mov ss, [save_ss]
    mov sp, [save_sp]
    mov word [busy], 0
    jmp .end
.nested:
    inc word [_stm_nest]
.end:
    mov ax, [cs:divisor]
    add [cs:acc], ax
    jc .chain
    mov al, 20h                     ; EOI
    out 20h, al
    pop ax
    pop ds
    iret
.chain:
    inc word [_stm_chains]
    pop ax
    pop ds
    jmp far [cs:old8]

; work - one tick: drop the references to the packets the foreground
; took, free the packets it queued for us, share new ones, then one small
; object, one packet buffer and one or two DMA buffers.  One tick in four
; gives before it takes, the others take before they give (an allocation
; that empties a pool, then a free in it, inside one tick).
; In: DS = SS = data.  Modifies: AX BX CX DX SI DI BP ES.
work:
    call _mem_isr_enter
    test byte [_stm_work], 3
    jnz .takes
    mov dx, [_stm_hf_tail]
    call rel_hf
    call eat_fh
    call make_hf
    jmp .rings
.takes:
    call make_hf
    mov dx, [_stm_hf_tail]
    call rel_hf
    call eat_fh
.rings:
    call small_op
    call pkt_op
    call dma_op
    call _mem_isr_leave
    ret

; rnd - AX = the next 16-bit xorshift (7, 9, 8) number.
; Modifies: AX DX.
rnd:
    mov ax, [_stm_seed]
    mov dx, ax
    shl dx, 7
    xor ax, dx
    mov dx, ax
    shr dx, 9
    xor ax, dx
    mov dx, ax
    shl dx, 8
    xor ax, dx
    mov [_stm_seed], ax
    ret

; scan - ZF = 1 when the CX bytes at ES:DI all equal AL (CX > 0): an odd
; first byte, then words.
; Modifies: flags.
scan:
    push ax
    push di
    push cx
    mov ah, al
    cld
    shr cx, 1
    jnc .even
    scasb                           ; the odd byte first
    jne .out
.even:
    cmp al, al                      ; ZF = 1 when no word is left
    repe scasw
.out:
    pop cx
    pop di
    pop ax
    ret

; check_pkt - count in stm_hpat a packet whose magic or frame is broken.
; In: ES:DI = packet buffer, CX = frame bytes, AL = pattern.
; Modifies: flags.
check_pkt:
    cmp word [es:di+MEM_PKT_OFF_MAGIC], MEM_PKT_MAGIC
    jne .bad
    add di, MEM_PKT_DATA
    call scan
    lea di, [di-MEM_PKT_DATA]
    je .ok
.bad:
    inc word [_stm_hpat]
.ok:
    ret

; check_blk - the same for CX bytes at ES:DI (small object, DMA buffer).
check_blk:
    call scan
    je .ok
    inc word [_stm_hpat]
.ok:
    ret

; fill - mem_fill(ES:DI, AL, CX) through the client stub.
; Modifies: AX BX DX flags; keeps CX DI ES.
fill:
    push es
    push di
    push cx
    push cx
    xor ah, ah
    push ax
    push es
    push di
    call _mem_fill
    add sp, 8
    pop cx
    pop di
    pop es
    ret

; ALLOC_ALT turn, c_entry, MEM_FN_x [, the register entry's set-up] - the
; body of alloc_pkt / alloc_small: the C stub and the register entry in
; turn (the turn's counter), ES:DI = the block (DI = 0: none, counted in
; stm_hfail).
%macro ALLOC_ALT 3-4
    push cx
    inc word [%1]
    test byte [%1], 1
    jz %%reg
    push cx
    call %2
    add sp, 2
    mov es, dx
    mov di, ax
    jmp %%out
%%reg:
    %4
    call far [_mem_api_tab + 4 * %3]
%%out:
    pop cx
    OPS
    test di, di
    jnz %%ok
    inc word [_stm_hfail]
%%ok:
    ret
%endmacro

; FREE_ALT turn, c_entry, MEM_FN_x - the body of free_pkt / free_small:
; the C stub and the register entry in turn, AX = the result.
%macro FREE_ALT 3
    push es
    push di
    push cx
    inc word [%1]
    test byte [%1], 1
    jz %%reg
    push es
    push di
    call %2
    add sp, 4
    jmp %%out
%%reg:
    call far [_mem_api_tab + 4 * %3]
%%out:
    pop cx
    pop di
    pop es
    OPS
    ret
%endmacro

; alloc_pkt - a packet buffer for CX frame bytes, by mem_pkt_alloc and
; mem_pkt_take in turn.  Out: ES:DI (DI = 0: none, counted in stm_hfail),
; counted in stm_hpk by its pool byte.
; Modifies: AX BX DX DI ES flags; keeps CX.
alloc_pkt:
    call alloc_pkt_alt
    mov bx, 8                       ; none
    test di, di
    jz .count
    xor bx, bx                      ; the heap's
    cmp byte [es:di+MEM_PKT_OFF_POOL], MEM_POOL_HEAP
    je .count
    mov bx, 4                       ; a class's
.count:
    add word [_stm_hpk+bx], 1
    adc word [_stm_hpk+bx+2], 0
    ret

; alloc_pkt_alt - alloc_pkt's allocation (the entries in turn), uncounted.
; Modifies: AX BX DX DI ES flags; keeps CX.
alloc_pkt_alt:
    ALLOC_ALT alt_pa, _mem_pkt_alloc, MEM_FN_PKT_TAKE

; free_pkt - drop a reference to the packet at ES:DI, by mem_pkt_free and
; mem_pkt_give in turn.  Out: AX = the result.
; Modifies: AX BX DX flags; keeps CX DI ES.
free_pkt:
    FREE_ALT alt_pf, _mem_pkt_free, MEM_FN_PKT_GIVE

; alloc_small - a small object of CX bytes, by mem_small_alloc and
; mem_small_take (size in BX) in turn.  Out: ES:DI (DI = 0: none, counted).
; Modifies: AX BX DX DI ES flags; keeps CX.
alloc_small:
    ALLOC_ALT alt_sa, _mem_small_alloc, MEM_FN_SMALL_TAKE, {mov bx, cx}

; free_small - give back the small object at ES:DI, by mem_small_free and
; mem_small_give in turn.  Out: AX = the result.
; Modifies: AX BX DX flags; keeps CX DI ES.
free_small:
    FREE_ALT alt_sf, _mem_small_free, MEM_FN_SMALL_GIVE

; note - record one free of a shared packet.
; In: BX = way (0: handler -> foreground, 1: the other), DX = its serial,
; AX = the free's result.  Interrupts off.
; Modifies: AX BX DX flags.
note:
    push si
    mov si, bx
    shl si, 1                       ; word index of the way's counters
    test ax, ax
    jns .notneg
    inc word [_stm_nerr+si]
    mov ax, 1                       ; counted as a free that freed nothing
    jmp .rec
.notneg:
    cmp ax, 1
    jbe .rec
    inc word [_stm_hierr+si]
    mov ax, 1
.rec:
    and dx, REC_N - 1
    shl bx, 9                       ; way * REC_N
    add bx, dx
    mov dl, [_stm_rec+bx]
    inc dl                          ; one free more
    test ax, ax
    jnz .nz
    add dl, 10h                     ; and it said 0
.nz:
    mov al, dl
    and al, 0Fh
    cmp al, 2
    jb .store
    cmp dl, 12h                     ; two frees, one of them 0
    je .pair
    inc word [_stm_zerr+si]
.pair:
    shl si, 1                       ; dword index
    add word [_stm_done+si], 1
    adc word [_stm_done+si+2], 0
    xor dl, dl
.store:
    mov [_stm_rec+bx], dl
    pop si
    ret

; int stm_note(unsigned way, unsigned serial, int result)
; C twin: none.  note for the foreground, interrupts off around it.
; In: [sp+2] way, [sp+4] serial, [sp+6] result.  Out: AX = 0.
; Modifies: AX BX CX DX.  Context: foreground.
global _stm_note
_stm_note:
    push bp
    mov bp, sp
    pushf
    cli
    mov bx, [bp+4]
    mov dx, [bp+6]
    mov ax, [bp+8]
    call note
    popf
    xor ax, ax
    pop bp
    ret

; rel_hf - drop the handler's own references to the packets it queued,
; from stm_hf_rel up to DX (the tail: those the foreground has taken, and
; may be freeing right now): check, free, note.
; Modifies: AX BX CX DX SI DI ES.
rel_hf:
    push bp
    mov bp, dx
.loop:
    mov bx, [_stm_hf_rel]
    cmp bx, bp
    je .out
    and bx, QN - 1
    shl bx, 3
    lea si, [_stm_hfq+bx]
    les di, [si]
    mov cx, [si+4]
    mov al, [si+6]
    and al, 3Fh
    or al, 0C0h
    call check_pkt
    call free_pkt
    mov dx, [si+6]
    xor bx, bx
    call note
    inc word [_stm_hf_rel]
    jmp .loop
.out:
    pop bp
    ret

; eat_fh - take up to FH_EAT packets the foreground queued: check, free
; (the foreground holds or held the other reference), note.
; Modifies: AX BX CX DX SI DI BP ES.
eat_fh:
    mov bp, FH_EAT
.loop:
    mov bx, [_stm_fh_tail]
    cmp bx, [_stm_fh_head]
    je .out
    and bx, QN - 1
    shl bx, 3
    lea si, [_stm_fhq+bx]
    les di, [si]
    mov cx, [si+4]
    mov al, [si+6]
    and al, 3Fh
    or al, 40h
    call check_pkt
    call free_pkt
    mov dx, [si+6]
    mov bx, 1
    call note
    inc word [_stm_fh_tail]
    add word [_stm_fh_got], 1
    adc word [_stm_fh_got+2], 0
    dec bp
    jnz .loop
.out:
    ret

; make_hf - share HF_MAKE new packets (1..512 bytes): allocate, fill,
; mem_pkt_ref (must say 2), queue them; the handler's own reference stays
; with the queue entry until rel_hf.  Modifies: AX BX CX DX DI BP ES.
make_hf:
    mov bp, HF_MAKE
.loop:
    mov ax, [_stm_hf_head]
    sub ax, [_stm_hf_rel]
    cmp ax, QN
    jae .out
    call rnd
    and ax, 511
    inc ax
    mov cx, ax
    call alloc_pkt
    test di, di
    jz .out
    mov al, [_stm_hf_serial]
    and al, 3Fh
    or al, 0C0h
    add di, MEM_PKT_DATA
    call fill
    sub di, MEM_PKT_DATA
    push cx
    push es
    push di
    push es
    push di
    call _mem_pkt_ref
    add sp, 4
    pop di
    pop es
    pop cx
    OPS
    cmp ax, 2
    je .refok
    inc word [_stm_herr]
.refok:
    mov ax, [_stm_hf_serial]
    mov bx, [_stm_hf_head]
    and bx, QN - 1
    shl bx, 3
    mov [_stm_hfq+bx], di
    mov [_stm_hfq+bx+2], es
    mov [_stm_hfq+bx+4], cx
    mov [_stm_hfq+bx+6], ax
    inc word [_stm_hf_head]         ; the entry is complete: publish it
    inc word [_stm_hf_serial]
    add word [_stm_hf_made], 1
    adc word [_stm_hf_made+2], 0
    dec bp
    jnz .loop
.out:
    ret

; small_op / pkt_op - the next slot of the ring of small objects / of
; packet buffers: check and free what it holds and take a new block, in
; the order of the tick (see work).  Modifies: AX BX CX DX SI DI ES.
small_op:
    mov bx, [hs_pos]
    inc word [hs_pos]
    and bx, HS_N - 1
    shl bx, 3
    lea si, [_stm_hs+bx]
    mov bx, small_old
    mov dx, small_new
    jmp ring_op

pkt_op:
    mov bx, [hp_pos]
    inc word [hp_pos]
    and bx, HP_N - 1
    shl bx, 3
    lea si, [_stm_hp+bx]
    mov bx, pkt_old
    mov dx, pkt_new
    ; fall through

; ring_op - the slot at SI: BX = its give routine, DX = its take routine.
ring_op:
    test byte [_stm_work], 3
    jz .gives
    push bx
    call dx                         ; take first: ES:DI, CX, AX
    pop bx
    push es
    push di
    push cx
    push ax
    call bx
    pop ax
    pop cx
    pop di
    pop es
    jmp .store
.gives:
    push dx
    call bx
    pop dx
    call dx
.store:
    test di, di
    jz .out
    mov [si], di
    mov [si+2], es
    mov [si+4], cx
    mov [si+6], ax
.out:
    ret

; small_old / pkt_old - check and free the block in the slot at SI, if
; any (the free must say 0), and mark the slot empty.
; Modifies: AX BX CX DX DI ES.
%macro SLOT_OLD 2                       ; check, free
    cmp word [si+2], 0
    je %%out
    les di, [si]
    mov cx, [si+4]
    mov al, [si+6]
    call %1
    call %2
    test ax, ax
    jz %%freed
    inc word [_stm_herr]
%%freed:
    mov word [si+2], 0
%%out:
    ret
%endmacro

small_old:
    SLOT_OLD check_blk, free_small

pkt_old:
    SLOT_OLD check_pkt, free_pkt

; small_new / pkt_new - take a small object of 1..256 bytes / a packet
; buffer of 1..512 bytes or (one in eight) a full frame, and fill it.
; Out: ES:DI (DI = 0: none), CX = bytes, AX = pattern.
; Modifies: AX BX CX DX DI ES.
small_new:
    call rnd
    mov cx, ax
    and cx, 255
    inc cx
    call alloc_small
    test di, di
    jz .out
    call rnd
    and ax, 3Fh
    or al, 80h
    push ax
    call fill
    pop ax
.out:
    ret

pkt_new:
    call rnd
    mov cx, ax
    and cx, 511
    inc cx                          ; 1..512
    test ah, 0E0h                   ; one in eight: a full frame
    jnz .len
    mov cx, 1514
.len:
    call alloc_pkt
    test di, di
    jz .out
    call rnd
    and ax, 3Fh
    or al, 80h
    push ax
    add di, MEM_PKT_DATA
    call fill
    sub di, MEM_PKT_DATA
    pop ax
.out:
    ret

; dma_op - the next DMA slot of tag A: check and free the buffer it
; holds, take a new one, fill its first DMA_CHK bytes; every fourth tick
; the one slot of tag B the same way.
; Modifies: AX BX CX DX SI DI ES.
dma_op:
    mov ax, [hd_pos]
    inc ax
    cmp ax, HD_N
    jb .pos
    xor ax, ax
.pos:
    mov [hd_pos], ax
    shl ax, 4
    add ax, _stm_hd
    mov si, ax
    mov bx, [_stm_tag_a]
    call dma_slot
    test word [_stm_ticks], 3
    jnz .out
    mov si, _stm_hdb
    cmp word [si+8], 0
    je .takeb
    call dma_give                   ; tag B: held one tick in four
    jmp .out
.takeb:
    mov bx, [_stm_tag_b]
    call dma_take
.out:
    ret

; dma_slot - dma_give then dma_take on the slot at SI, tag BX.
dma_slot:
    push bx
    cmp word [si+8], 0
    je .take
    call dma_give
.take:
    pop bx
    ; fall through
; dma_take - mem_dma_alloc(BX, DS:SI), fill DMA_CHK bytes.
; Modifies: AX BX CX DX DI ES.
dma_take:
    push ds
    push si
    push bx
    call _mem_dma_alloc
    add sp, 6
    OPS
    test ax, ax
    jz .got
    inc word [_stm_hdfail]
    ret
.got:
    call rnd
    and al, 3Fh
    or al, 80h
    mov [si+12], ax
    les di, [si]
    mov cx, DMA_CHK
    call fill
    ret

; dma_give - check the slot at SI's buffer, mem_dma_free it (must say
; MEM_OK), mark the slot empty.  Modifies: AX BX CX DX DI ES.
dma_give:
    les di, [si]
    mov cx, DMA_CHK
    mov al, [si+12]
    call check_blk
    push word [si+8]
    call _mem_dma_free
    add sp, 2
    OPS
    test ax, ax
    jz .ok
    inc word [_stm_herr]
.ok:
    mov word [si+8], 0
    ret

; void stm_release(void)
; C twin: none.  The foreground gives back everything the handler still
; holds, by the handler's own code: its shared references (noted), the
; packets still queued for it (noted), its rings and DMA buffers.
; In: nothing (the handler no longer runs: stm_remove, or stm_active 0).
; Out: the handler holds nothing.  Modifies: AX BX CX DX ES.
; Context: foreground.
global _stm_release
_stm_release:
    push bp
    push si
    push di
    mov dx, [_stm_hf_head]          ; the foreground frees its own later
    call rel_hf
.eat:
    mov ax, [_stm_fh_tail]
    cmp ax, [_stm_fh_head]
    je .rings
    call eat_fh
    jmp .eat
.rings:
    mov si, _stm_hs
    mov bp, HS_N
.small:
    cmp word [si+2], 0
    je .snext
    les di, [si]
    mov cx, [si+4]
    mov al, [si+6]
    call check_blk
    call free_small
    test ax, ax
    jz .sfreed
    inc word [_stm_herr]
.sfreed:
    mov word [si+2], 0
.snext:
    add si, 8
    dec bp
    jnz .small
    mov si, _stm_hp
    mov bp, HP_N
.pkt:
    cmp word [si+2], 0
    je .pnext
    les di, [si]
    mov cx, [si+4]
    mov al, [si+6]
    call check_pkt
    call free_pkt
    test ax, ax
    jz .pfreed
    inc word [_stm_herr]
.pfreed:
    mov word [si+2], 0
.pnext:
    add si, 8
    dec bp
    jnz .pkt
    mov si, _stm_hd
    mov bp, HD_N + 1                ; tag A's slots, then tag B's
.dma:
    cmp word [si+8], 0
    je .dnext
    call dma_give
.dnext:
    add si, 16
    dec bp
    jnz .dma
    pop di
    pop si
    pop bp
    ret

; int stm_scan(mem_fp_t p, unsigned len, unsigned pat)
; C twin: none.  In: [sp+2] p, [sp+6] len (> 0), [sp+8] pattern byte.
; Out: AX = 0 when the len bytes at p all equal pat, else 1.
; Modifies: AX BX CX ES.  Context: any.
global _stm_scan
_stm_scan:
    push bp
    mov bp, sp
    push di
    les di, [bp+4]
    mov cx, [bp+8]
    mov al, [bp+10]
    call scan
    mov ax, 0
    je .out
    inc ax
.out:
    pop di
    pop bp
    ret

; mem_fp_t stm_small_take(unsigned size) / stm_pkt_take(unsigned len)
; C twin: none.  The foreground's calls of the register entries
; mem_small_take (BX = size) and mem_pkt_take (CX = length).
; In: [sp+2] size.  Out: DX:AX = ES:DI of the entry, 0:0 when DI = 0.
; Modifies: AX BX CX DX ES.  Context: foreground (any).
global _stm_small_take, _stm_pkt_take
_stm_small_take:
    mov bx, sp
    mov bx, [ss:bx+2]
    push di
    call far [_mem_api_tab + 4 * MEM_FN_SMALL_TAKE]
    jmp take_out
_stm_pkt_take:
    mov bx, sp
    mov cx, [ss:bx+2]
    push di
    call far [_mem_api_tab + 4 * MEM_FN_PKT_TAKE]
take_out:
    mov ax, di
    mov dx, es
    test di, di
    jnz .out
    xor dx, dx
.out:
    pop di
    ret

; int stm_small_give(mem_fp_t p) / stm_pkt_give(mem_fp_t p)
; C twin: none.  The register entries mem_small_give / mem_pkt_give.
; In: [sp+2] p.  Out: AX = the entry's result.
; Modifies: AX BX CX DX ES.  Context: foreground (any).
global _stm_small_give, _stm_pkt_give
_stm_small_give:
    mov bx, sp
    push di
    les di, [ss:bx+2]
    call far [_mem_api_tab + 4 * MEM_FN_SMALL_GIVE]
    pop di
    ret
_stm_pkt_give:
    mov bx, sp
    push di
    les di, [ss:bx+2]
    call far [_mem_api_tab + 4 * MEM_FN_PKT_GIVE]
    pop di
    ret
