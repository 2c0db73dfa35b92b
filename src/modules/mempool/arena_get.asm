; arena_get.asm - a DOS block for an arena: upper memory first (the XMS
; driver's UMBs, DOS 5+ with the UMB chain linked), then conventional
; memory.  Used by the pool service (grow), DMA tag creation and init.
; C twin: arena_get() in arena_c.c.  Near routines, bcc's calling
; convention, DS = SS = the module.  Context: init/task (DOS and XMS
; calls), never from an ISR.

cpu 286
%include "mod_core.inc"

section .text

extern _mod, _arena_tab, _arena_umb_seen, _arena_xms_umb_get
global _arena_get

; ------------------------------------------------------------ DOS memory

; dos_alloc - INT 21h 48h for CX paragraphs, on DOS 5+ with allocation
; strategy BL (BH = 0) and, when AL = 1, the UMB chain linked; strategy
; and link state put back as they were (RBIL 2158: "a program which
; changes the UMB link state should restore it").  5800h may leave CF as
; it was (DOSBox 0.74): its CF is not looked at.
; In: CX paras, BL strategy, AL link.  Out: AX = segment, 0 = none.
; Modifies: AX BX CX DX.  C twin: dos_alloc_strategy() in arena_c.c.
dos_alloc:
    push si
    push di
    push bp
    xor ah, ah
    mov bp, ax                  ; BP = link wanted
    mov si, cx                  ; SI = paras
    mov di, bx                  ; DI = strategy
    mov ax, 5800h
    int 21h
    push ax                     ; the old strategy
    xor dx, dx                  ; DX = the old link state
    test bp, bp
    jz .strat
    mov ax, 5802h
    int 21h
    jc .fail
    xor ah, ah
    mov dx, ax
    push dx
    mov ax, 5803h
    mov bx, 1
    int 21h
    pop dx
    jc .fail                    ; no DOS=UMB: nothing changed
.strat:
    push dx
    xor cx, cx                  ; CX = the segment got
    mov ax, 5801h
    mov bx, di
    int 21h
    jc .back
    mov ah, 48h
    mov bx, si
    int 21h
    jc .back
    mov cx, ax
.back:
    pop dx                      ; the old link state
    pop bx                      ; the old strategy
    push cx
    push dx
    xor bh, bh
    mov ax, 5801h
    int 21h
    pop bx
    test bp, bp
    jz .done
    mov ax, 5803h
    int 21h
.done:
    pop ax
    pop bp
    pop di
    pop si
    ret
.fail:
    pop ax                      ; the old strategy, unchanged
    xor ax, ax
    pop bp
    pop di
    pop si
    ret

; int arena_get(u16 paras, u16 flags, u16 *seg, u8 *in_umb)
; Get a block of paras paragraphs: with ARENA_UMB_OK (and not
; ARENA_CONV_ONLY nor MEM_CFG_NO_UMB) from upper memory first - the XMS
; driver's function 10h through arena_xms_umb_get, else DOS 5+ with the
; UMB chain linked and a high-only strategy (a block below A000h that this
; gives is refused) - then conventional memory (DOS 5+: low first fit).
; C twin: arena_get() in arena_c.c (its comment has the whole contract).
; Out: AX = MEM_OK (*seg, *in_umb set), MEM_E_INVAL, MEM_E_HANDLES (the
; table is full), MEM_E_NOMEM.  Modifies: AX BX CX DX ES.
_arena_get:
    push bp
    mov bp, sp                  ; [bp+4] paras [bp+6] flags [bp+8] seg* [bp+10] umb*
    push si
    push di
    sub sp, 4                   ; [bp-6] got, [bp-8] seg (the XMS hook's)
    mov ax, MEM_E_INVAL
    cmp word [bp+4], 0
    je .out
    cmp word [bp+8], 0
    je .out
    mov si, _arena_tab          ; SI = a free entry
.slot:
    cmp word [si], 0
    je .have
    add si, ARENA_ENT_SIZE
    cmp si, _arena_tab + ARENA_MAX * ARENA_ENT_SIZE
    jb .slot
    mov ax, MEM_E_HANDLES
    jmp .out
.have:
    mov ax, [bp+4]
    mov [bp-6], ax              ; got = paras
    xor di, di                  ; DI = the segment, 0 = none yet
    mov dl, ARENA_SRC_CONV
    test byte [bp+6], ARENA_UMB_OK
    jz .conv
    test byte [bp+6], ARENA_CONV_ONLY
    jnz .conv
    test byte [_mod+MS_CFG_FLAGS], MEM_CFG_NO_UMB
    jnz .conv
    mov bx, [_arena_xms_umb_get]
    test bx, bx
    jz .dosumb
    lea ax, [bp-6]
    push ax
    lea ax, [bp-8]
    push ax
    push word [bp+4]
    call bx
    add sp, 6
    test ax, ax
    jnz .dosumb
    mov di, [bp-8]
    mov dl, ARENA_SRC_XMSUMB
    jmp .fill
.dosumb:
    mov ax, [bp+4]
    mov [bp-6], ax
    cmp word [_mod+MS_DOS_VERSION], 0500h
    jb .conv
    mov cx, [bp+4]
    mov bx, 40h                 ; high memory only
    mov al, 1                   ; with the UMB chain linked
    call dos_alloc
    test ax, ax
    jz .conv
    cmp ax, ARENA_UMB_SEG
    jae .dosgot
    mov es, ax                  ; a high-only strategy gave low memory
    mov ah, 49h
    int 21h
    jmp .conv
.dosgot:
    mov di, ax
    mov dl, ARENA_SRC_DOSUMB
    jmp .fill
.conv:
    mov ax, [bp+4]
    mov [bp-6], ax
    mov cx, ax
    cmp word [_mod+MS_DOS_VERSION], 0500h
    jb .dos2
    xor bx, bx                  ; low memory, first fit
    xor al, al
    call dos_alloc
    jmp .conv2
.dos2:
    mov bx, cx
    mov ah, 48h
    int 21h
    jnc .conv2
    xor ax, ax
.conv2:
    mov dl, ARENA_SRC_CONV
    mov di, ax
    mov ax, MEM_E_NOMEM
    test di, di
    jz .out
.fill:
    mov [si], di                ; seg
    mov ax, [bp-6]
    mov [si+2], ax              ; paras
    mov [si+4], dl              ; src
    xor al, al
    cmp di, ARENA_UMB_SEG
    jb .low
    inc al
    mov byte [_arena_umb_seen], 1
.low:
    mov [si+5], al              ; in_umb
    mov bx, [bp+8]
    mov [bx], di
    mov bx, [bp+10]
    test bx, bx
    jz .ok
    mov [bx], al
.ok:
    xor ax, ax
.out:
    add sp, 4
    pop di
    pop si
    pop bp
    ret

