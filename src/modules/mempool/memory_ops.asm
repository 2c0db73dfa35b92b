; memory_ops.asm - far copy, move, fill and compare; CPU detection; the
; 386 paths and the patch that installs them.  Contracts: memory_ops.h
; (internal ops_*) and memory_api.h section "copy and CPU" (mem_*).
; C twins: memory_ops_c.c (ops_*_c).
;
; Shape of every routine: an entry loads DS:SI (source), ES:DI
; (destination), CX (length) and calls a core; the core cuts the range
; into chunks that end where an offset would pass FFFFh (the segment then
; advances by 1000h, the offset goes on at 0: never a wrap inside a
; segment) and calls a kernel per chunk.  The kernel is word-at-a-time on
; the 286 path (destination word-aligned, odd head and tail by MOVSB) and
; dword-at-a-time on the 386 path (destination dword-aligned).  No REP
; string instruction carries a segment override (a 286 interrupted in one
; resumes without it).  Interrupts are never disabled by a copy.
;
; The patch.  Each core reaches its kernel through "call near k286" at a
; local label .site (ops_fwd's fast path through "jmp near k286" at .fsite:
; the same 3-byte form, E9 instead of E8).  ops_install386 rewrites the
; call's 16-bit displacement to
; the 386 kernel: pushf / cli / one MOV of a word / jmp short $+2 / popf.
; Why that is safe for a caller in an ISR:
;   - the displacement is one word written by one instruction; interrupts
;     (NMI too) are taken only between instructions, so any call sees the
;     old or the new displacement, never half of each;
;   - both kernels have the same contract, so a call that passed the
;     site before the store finishes in the 286 kernel, correctly, and any
;     later one takes the 386 kernel: every mix is correct;
;   - the JMP after the store empties the prefetch queue, so no stale copy
;     of the old bytes is executed by the patching code itself;
;   - it only runs after ops_detect_cpu found a 386+, so a 286 never
;     reaches 386 code.
; Interrupts off, from the CLI to the end of the POPF (Intel tables,
; reference/x86-clocks-and-allocators.md): 386: CLI 3 + MOV m,r 2 +
; JMP 7+m (m = 1) + POPF 5 = 18 clocks; the same on a 286 would be
; 3 + 3 + 8 + 5 = 19 clocks; both under the 48-clock budget.  One window
; per patch site (four sites).

cpu 286
section .text

MEM_CPU_8086    equ 0
MEM_CPU_186     equ 1
MEM_CPU_286     equ 2
MEM_CPU_386     equ 3
MEM_CPU_486     equ 4

global _ops_copy, _ops_move, _ops_copy32, _ops_fill, _ops_compare, _ops_cpu
global _mod_copy, _mod_move, _mod_copy32, _mod_fill, _mod_compare, _mod_cpu
global _ops_detect_cpu, _ops_install386
global ops_fwd                  ; near, registers: the DMA bounce copy (dma_map.asm)

; ------------------------------------------------------------ entries
; Entries save BP SI DI DS ES; the near ones find their first argument at
; [bp+4], the far ones at [bp+6].
%macro SAVE 0
    push bp
    mov bp, sp
    push si
    push di
    push ds
    push es
%endmacro
%macro RESTORE 0
    cld
    pop es
    pop ds
    pop di
    pop si
    pop bp
%endmacro

; void ops_copy(u16 dseg, u16 doff, u16 sseg, u16 soff, u16 len)
; In: arguments on the stack (near call).  Out: nothing.
; Modifies: AX BX CX DX ES flags (DF clear on return).
; Context: ISR-safe.  C twin: ops_copy_c.
_ops_copy:
    SAVE
    mov es, [bp+4]
    mov di, [bp+6]
    mov ds, [bp+8]
    mov si, [bp+10]
    mov cx, [bp+12]
    cld
    call ops_fwd
    RESTORE
    ret

; void mem_copy(mem_fp_t dst, mem_fp_t src, mem_u16 len)  (far entry)
; In: [sp+4] dst (off, seg), [sp+8] src (off, seg), [sp+12] len.
; Out: nothing.  Modifies: AX BX CX DX ES flags.  Context: ISR-safe.
; C twin: ops_copy_c.
_mod_copy:
    SAVE
    les di, [bp+6]
    lds si, [bp+10]
    mov cx, [bp+14]
    cld
    call ops_fwd
    RESTORE
    retf

; void ops_move(u16 dseg, u16 doff, u16 sseg, u16 soff, u16 len)
; As ops_copy; the ranges may overlap either way.  C twin: ops_move_c.
_ops_move:
    SAVE
    mov es, [bp+4]
    mov di, [bp+6]
    mov ds, [bp+8]
    mov si, [bp+10]
    mov cx, [bp+12]
    call ops_mv
    RESTORE
    ret

; void mem_move(mem_fp_t dst, mem_fp_t src, mem_u16 len)  (far entry)
; As mem_copy; the ranges may overlap either way.  C twin: ops_move_c.
_mod_move:
    SAVE
    les di, [bp+6]
    lds si, [bp+10]
    mov cx, [bp+14]
    call ops_mv
    RESTORE
    retf

; void ops_copy32(u16 dseg, u16 doff, u16 sseg, u16 soff, u32 len)
; As ops_copy for any length: pieces of at most FFF0h bytes, interrupts
; enabled throughout.  C twin: ops_copy32_c.
_ops_copy32:
    SAVE
    mov es, [bp+4]
    mov di, [bp+6]
    mov ds, [bp+8]
    mov si, [bp+10]
    lea bx, [bp+12]             ; -> len (low word first)
    call ops_fwd32
    RESTORE
    ret

; void mem_copy32(mem_fp_t dst, mem_fp_t src, mem_u32 len)  (far entry)
; In: [sp+4] dst, [sp+8] src, [sp+12] len (low, high).
; Modifies: AX BX CX DX ES flags.  Context: ISR-safe, though a long copy
; is better left to task time.  C twin: ops_copy32_c.
_mod_copy32:
    SAVE
    les di, [bp+6]
    lds si, [bp+10]
    lea bx, [bp+14]
    call ops_fwd32
    RESTORE
    retf

; void ops_fill(u16 seg, u16 off, u8 v, u16 len)
; Out: nothing.  Modifies: AX BX CX DX ES flags.  Context: ISR-safe.
; C twin: ops_fill_c.
_ops_fill:
    SAVE
    mov es, [bp+4]
    mov di, [bp+6]
    mov al, [bp+8]
    mov cx, [bp+10]
    cld
    call ops_fil
    RESTORE
    ret

; void mem_fill(mem_fp_t dst, mem_u8 v, mem_u16 len)  (far entry)
; In: [sp+4] dst, [sp+8] v, [sp+10] len.  Context: ISR-safe.
; C twin: ops_fill_c.
_mod_fill:
    SAVE
    les di, [bp+6]
    mov al, [bp+10]
    mov cx, [bp+12]
    cld
    call ops_fil
    RESTORE
    retf

; int ops_compare(u16 aseg, u16 aoff, u16 bseg, u16 boff, u16 len)
; Out: AX = 0 equal, else a[i] - b[i] at the first difference.
; Modifies: AX BX CX DX ES flags.  Context: ISR-safe.  C twin: ops_compare_c.
_ops_compare:
    SAVE
    mov ds, [bp+4]
    mov si, [bp+6]
    mov es, [bp+8]
    mov di, [bp+10]
    mov cx, [bp+12]
    cld
    call ops_cmp
    RESTORE
    ret

; int mem_compare(mem_fp_t a, mem_fp_t b, mem_u16 len)  (far entry)
; In: [sp+4] a, [sp+8] b, [sp+12] len.  Out: AX as ops_compare.
; Context: ISR-safe.  C twin: ops_compare_c.
_mod_compare:
    SAVE
    lds si, [bp+6]
    les di, [bp+10]
    mov cx, [bp+14]
    cld
    call ops_cmp
    RESTORE
    retf

; u16 ops_cpu(void) / mem_u16 mem_cpu(void)  (near / far)
; Out: AX = MEM_CPU_* | v86 << 8 (0 before init).  Modifies: AX.
; Context: ISR-safe.  C twin: none (the host port returns its simulated CPU).
_ops_cpu:
    mov ax, [cs:ops_cpu_id]
    ret
_mod_cpu:
    mov ax, [cs:ops_cpu_id]
    retf

; ------------------------------------------------------------ cores
; ops_fwd - forward copy.  In: DS:SI source, ES:DI destination, CX length,
; DF = 0.  Out: DS:SI, ES:DI past the range (DS, ES advanced by 1000h per
; segment end crossed).  Modifies: AX BX CX SI DI DS ES flags.
; Context: ISR-safe, interrupts never disabled.  C twin: ops_copy_c.
; Exported (near, register-based) for mem_dma_sync's bounce copy.
; Fast path: when neither range reaches its segment's end (the common
; case: a frame inside one buffer), one kernel call does it all, entered
; by a tail jump (the kernel's RET returns to our caller); 26 clocks on a
; 286 instead of ~100 through the chunk loop.
ops_fwd:
    mov ax, si                  ; 2
    add ax, cx                  ; 2  CF: the source reaches 10000h
    jc .slow                    ; 3
    mov ax, di                  ; 2
    add ax, cx                  ; 2
    jc .slow                    ; 3
    jcxz .none                  ; 4
.fsite:
    jmp near k_fwd286           ; 7+m  patched: k_fwd386 (E9 rel16)
.none:
    ret
.slow:
    mov bx, cx
.chunk:
    test bx, bx
    jz .done
    mov cx, bx
    mov ax, si
    neg ax                      ; bytes to the source's wrap (0: 65536)
    jz .s
    cmp cx, ax
    jbe .s
    mov cx, ax
.s: mov ax, di
    neg ax
    jz .d
    cmp cx, ax
    jbe .d
    mov cx, ax
.d: sub bx, cx
.site:
    call k_fwd286               ; patched: k_fwd386
    test si, si                 ; offset reached 10000h: next segment
    jnz .s2
    mov ax, ds
    add ax, 1000h
    mov ds, ax
.s2: test di, di
    jnz .chunk
    mov ax, es
    add ax, 1000h
    mov es, ax
    jmp .chunk
.done:
    ret

; ops_fwd32 - ops_fwd for a 32-bit length at SS:BX (low word first).
; Modifies: AX BX CX DX flags.
ops_fwd32:
    cld
    mov dx, [ss:bx+2]
    mov bx, [ss:bx]             ; DX:BX = bytes left
.piece:
    mov cx, 0FFF0h
    test dx, dx
    jnz .go
    cmp bx, cx
    jae .go
    mov cx, bx
    jcxz .done
.go:
    sub bx, cx
    sbb dx, 0
    push bx
    call ops_fwd
    pop bx
    jmp .piece
.done:
    ret

; ops_mv - overlap-safe copy.  In/Out/Modifies as ops_fwd, DF set on the
; way, clear on return.  Direction from the linear addresses: backward
; only when the destination starts inside the source range.
ops_mv:
    cld
    jcxz .fwd
    push bp
    mov ax, es                  ; DX:AX = linear destination
    mov dx, ax
    shl ax, 4
    shr dx, 12
    add ax, di
    adc dx, 0
    mov bx, ds                  ; BP:BX = linear source
    mov bp, bx
    shl bx, 4
    shr bp, 12
    add bx, si
    adc bp, 0
    sub ax, bx
    sbb dx, bp                  ; DX:AX = destination - source
    pop bp
    jnz .fwd                    ; below, or 64 KB or more above
    test ax, ax
    jz .fwd
    cmp ax, cx
    jae .fwd
    mov ax, cx                  ; backward: point at the last bytes
    dec ax
    add si, ax
    jnc .s
    mov bx, ds
    add bx, 1000h
    mov ds, bx
.s: add di, ax
    jnc .d
    mov bx, es
    add bx, 1000h
    mov es, bx
.d: std
    call ops_bwd
    cld
    ret
.fwd:
    jmp ops_fwd

; ops_bwd - backward copy.  In: DS:SI, ES:DI -> the last byte of each
; range, CX length, DF = 1.  Modifies: AX BX CX SI DI DS ES flags.
ops_bwd:
    mov bx, cx
.chunk:
    test bx, bx
    jz .done
    mov cx, bx
    mov ax, si
    inc ax                      ; bytes at or below SI (0: 65536)
    jz .s
    cmp cx, ax
    jbe .s
    mov cx, ax
.s: mov ax, di
    inc ax
    jz .d
    cmp cx, ax
    jbe .d
    mov cx, ax
.d: sub bx, cx
.site:
    call k_bwd286               ; patched: k_bwd386
    cmp si, 0FFFFh              ; went below offset 0: previous segment
    jne .s2
    mov ax, ds
    sub ax, 1000h
    mov ds, ax
.s2: cmp di, 0FFFFh
    jne .chunk
    mov ax, es
    sub ax, 1000h
    mov es, ax
    jmp .chunk
.done:
    ret

; ops_fil - In: ES:DI, AL value, CX length, DF = 0.  Modifies: AX BX CX DX.
ops_fil:
    mov ah, al
    mov bx, cx
.chunk:
    test bx, bx
    jz .done
    mov cx, bx
    mov dx, di
    neg dx
    jz .d
    cmp cx, dx
    jbe .d
    mov cx, dx
.d: sub bx, cx
.site:
    call k_fil286               ; patched: k_fil386
    test di, di
    jnz .chunk
    mov dx, es
    add dx, 1000h
    mov es, dx
    jmp .chunk
.done:
    ret

; ops_cmp - In: DS:SI a, ES:DI b, CX length, DF = 0.  Out: AX.
; Modifies: AX BX CX DX flags.  Word compares on every CPU: the result
; needs the first differing byte, and compare serves checks, not packets.
ops_cmp:
    mov bx, cx
.chunk:
    xor ax, ax
    test bx, bx
    jz .done
    mov cx, bx
    mov ax, si
    neg ax
    jz .s
    cmp cx, ax
    jbe .s
    mov cx, ax
.s: mov ax, di
    neg ax
    jz .d
    cmp cx, ax
    jbe .d
    mov cx, ax
.d: sub bx, cx
    call k_cmp
    test ax, ax
    jnz .done
    test si, si
    jnz .s2
    mov ax, ds
    add ax, 1000h
    mov ds, ax
.s2: test di, di
    jnz .chunk
    mov ax, es
    add ax, 1000h
    mov es, ax
    jmp .chunk
.done:
    ret

; ------------------------------------------------------------ kernels
; A kernel handles one chunk: CX >= 1 bytes that cross no segment end.
; In: as the core, CX >= 1.  Out: pointers past (backward: below) the
; chunk.  Modifies: AX (fill: nothing), CX, DX, flags.

k_fwd286:
    test di, 1
    jz .w
    movsb
    dec cx
.w: shr cx, 1
    rep movsw
    jnc .r
    movsb
.r: ret

k_bwd286:                       ; SI, DI -> last byte; DF = 1
    test di, 1
    jnz .w                      ; last byte odd: its word is aligned
    movsb
    dec cx
.w: dec si                      ; -> low byte of the last word
    dec di
    shr cx, 1
    rep movsw
    inc si
    inc di
    jnc .r
    movsb
.r: ret

k_fil286:                       ; AX = value in both bytes
    test di, 1
    jz .w
    stosb
    dec cx
.w: shr cx, 1
    rep stosw
    jnc .r
    stosb
.r: ret

k_cmp:                          ; Out: AX = 0, or the byte difference
    mov dx, cx
    shr cx, 1
    jz .tail
    repe cmpsw
    jne .word
.tail:
    test dl, 1
    jz .eq
    cmpsb
    jne .byte
.eq:
    xor ax, ax
    ret
.word:
    sub si, 2
    sub di, 2
    cmpsb
    jne .byte
    cmpsb
.byte:
    mov al, [si-1]
    mov dl, [es:di-1]
    xor ah, ah
    xor dh, dh
    sub ax, dx
    ret

; ------------------------------------------------------------ CPU
; u16 ops_detect_cpu(void)
; In: nothing.  Out: AX = MEM_CPU_* | v86 << 8, also kept for ops_cpu.
; Modifies: AX BX CX flags (FLAGS restored; high halves of 32-bit
; registers preserved).  Context: init.  C twin: the host port's.
;   8086/80186: FLAGS bits 12-15 read back as 1.  The 80186 masks shift
;     counts to 5 bits, the 8086 does not (1 << 33 is 2 on a 186, 0 on an
;     8086).
;   286+: SMSW bit 0 (PE) set means virtual-8086 mode, so a 386 or later
;     (real-mode code cannot run under a 286's protected mode).  In real
;     mode, FLAGS bits 12-14 stay 0 on a 286 and can be set on a 386.
;   386 vs 486+: EFLAGS.AC (bit 18) can be toggled on a 486 only.
_ops_detect_cpu:
    pushf
    pushf
    pop ax
    and ax, 0FFFh
    push ax
    popf
    pushf
    pop ax
    and ax, 0F000h
    cmp ax, 0F000h
    jne .p286
    mov ax, 1
    mov cl, 33
    shl ax, cl
    test ax, ax                 ; 0: 8086, 2: 80186
    mov ax, MEM_CPU_8086
    jz .done
    mov ax, MEM_CPU_186
    jmp .done
.p286:
    smsw ax
    test al, 1
    jnz .v86
    pushf
    pop ax
    or ax, 7000h
    push ax
    popf
    pushf
    pop ax
    test ax, 7000h
    mov ax, MEM_CPU_286
    jz .done
    call is486
    jmp .done
.v86:
    call is486
    mov ah, 1
.done:
    popf
    mov [cs:ops_cpu_id], ax
    ret

; void ops_install386(void)
; Rewrites each patch site's call displacement to its 386 kernel (see the
; file header: one word store, interrupts off 18 clocks, prefetch flush).
; In: nothing.  Modifies: AX BX flags.  Context: init, 386+ only.
; C twin: none (the host port's is a no-op).
_ops_install386:
    push si
    mov si, ops_patch_tab
.next:
    mov bx, [cs:si]             ; the displacement word
    mov ax, [cs:si+2]           ; the 386 kernel
    sub ax, bx
    sub ax, 2                   ; relative to the end of the CALL
    pushf
    cli
    mov [cs:bx], ax
    jmp short .flush
.flush:
    popf
    add si, 4
    cmp si, ops_patch_end
    jb .next
    pop si
    ret

ops_tab_data_beg:
ops_cpu_id:     dw 0
ops_patch_tab:
    dw ops_fwd.fsite + 1, k_fwd386
    dw ops_fwd.site + 1, k_fwd386
    dw ops_bwd.site + 1, k_bwd386
    dw ops_fil.site + 1, k_fil386
ops_patch_end:
ops_tab_data_end:

; ------------------------------------------------------------ 386 code
; Reached only through the patched sites and the detection above, both
; after the CPU was found to be a 386 or later.  16-bit addressing: the REP
; forms use CX, SI, DI only; the one 32-bit register a kernel uses (EAX in
; fill) is saved whole, so a 32-bit program interrupted by an ISR that
; calls us keeps its high halves.
cpu 386
ops_386_beg:

; Out: AX = MEM_CPU_386 or MEM_CPU_486.  Modifies: BX; EAX ECX kept whole.
is486:
    push eax
    push ecx
    pushfd
    pushfd
    pop eax
    mov ecx, eax
    xor eax, 40000h             ; AC
    push eax
    popfd
    pushfd
    pop eax
    popfd
    xor eax, ecx
    mov bx, MEM_CPU_386
    test eax, 40000h
    jz .r
    mov bx, MEM_CPU_486
.r: pop ecx
    pop eax
    mov ax, bx
    ret

; Head: up to 3 bytes so that DI is a multiple of 4; then dwords; tail.
k_fwd386:
    mov ax, di
    neg ax
    and ax, 3
    cmp ax, cx
    jbe .h
    mov ax, cx
.h: sub cx, ax
    xchg ax, cx                 ; CX = head, AX = rest
    rep movsb
    mov cx, ax
    shr cx, 2
    rep movsd
    and ax, 3
    mov cx, ax
    rep movsb
    ret

; SI, DI -> last byte, DF = 1.  Head: (DI + 1) & 3 bytes, so that DI + 1
; is a multiple of 4; dwords from DI - 3; tail.
k_bwd386:
    mov ax, di
    inc ax
    and ax, 3
    cmp ax, cx
    jbe .h
    mov ax, cx
.h: sub cx, ax
    xchg ax, cx
    rep movsb
    sub si, 3
    sub di, 3
    mov cx, ax
    shr cx, 2
    rep movsd
    add si, 3
    add di, 3
    and ax, 3
    mov cx, ax
    rep movsb
    ret

k_fil386:                       ; AX = value in both bytes
    push eax
    mov dx, ax
    shl eax, 16
    mov ax, dx
    mov dx, di
    neg dx
    and dx, 3
    cmp dx, cx
    jbe .h
    mov dx, cx
.h: sub cx, dx
    xchg dx, cx
    rep stosb
    mov cx, dx
    shr cx, 2
    rep stosd
    and dx, 3
    mov cx, dx
    rep stosb
    pop eax
    ret

ops_386_end:
cpu 286
