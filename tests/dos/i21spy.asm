; i21spy.asm - a spy on the DOS memory calls (INT 21h 48h, 49h, 4Ah, 58h) that
; a test program, its client library and the module make while it is
; installed: each call is logged with its inputs and results, and chosen
; 48h calls can be made to fail, so that a test sees which blocks the
; loader asked for, shrank and freed, and can steer it onto a path (say, a
; UMB large enough for the resident part but not for the whole image).
; Linked into every test COM (tests/dos/*.asm): only _dt_* names are
; exported.  C twin: none (a test helper).
;
; Log entry (6 words, dt_i21_log[6 * i + k]):
;   +0 AX in  +2 BX in  +4 ES in  +6 AX out  +8 BX out  +10 CF out (0/1)
; dt_i21_fail_bx[2], dt_i21_fail_n[2]: a 48h call whose BX equals
; fail_bx[k] while fail_n[k] != 0 fails (CF = 1, AX = 8, BX = 0) without
; reaching DOS; fail_n[k] counts down, FFFFh fails every such call.
cpu 286

DT_I21_LOG equ 160                  ; entries kept (later calls: not logged)

section .data
global _dt_i21_log, _dt_i21_nlog, _dt_i21_fail_bx, _dt_i21_fail_n
_dt_i21_log:     times DT_I21_LOG * 6 dw 0
_dt_i21_nlog:    dw 0
_dt_i21_fail_bx: dw 0, 0
_dt_i21_fail_n:  dw 0, 0

section .text
; The handler runs with anyone's DS (the module's, DOS's): it finds the
; test's data through spy_ds, kept in the code segment.
i21spy_data_beg:
old21:  dw 0, 0                     ; the vector it chains to (0:0 = off)
spy_ds: dw 0
i21spy_data_end:

; The INT 21h handler.  48h/49h/4Ah/58h are logged and passed on (48h may
; be failed instead);
; every other call goes straight to the old vector.  The caller's FLAGS
; image gets the call's CF, so its IF and the rest stay as they were.
; In/Out: as INT 21h.  Modifies: what DOS modifies.  Context: any task
; code that calls INT 21h while the spy is on.
i21_handler:
    cmp ah, 48h
    je .mem
    cmp ah, 49h
    je .mem
    cmp ah, 4Ah
    je .mem
    cmp ah, 58h
    je .mem
    jmp far [cs:old21]
.mem:
    push bp
    mov bp, sp                      ; [bp+2] IP [bp+4] CS [bp+6] FLAGS
    push ds                         ; [bp-2]
    push si                         ; [bp-4]
    push di                         ; [bp-6]
    mov ds, [cs:spy_ds]
    xor si, si                      ; SI = the log entry, 0 = none
    mov di, [_dt_i21_nlog]
    cmp di, DT_I21_LOG
    jae .logged
    inc word [_dt_i21_nlog]
    mov si, di
    shl si, 1
    add si, di                      ; 3n
    shl si, 2                       ; 12n
    add si, _dt_i21_log
    mov [si], ax
    mov [si+2], bx
    mov [si+4], es
.logged:
    cmp ah, 48h
    jne .call
    xor di, di
.slot:
    cmp word [_dt_i21_fail_n + di], 0
    je .next
    cmp bx, [_dt_i21_fail_bx + di]
    jne .next
    cmp word [_dt_i21_fail_n + di], 0FFFFh
    je .fail
    dec word [_dt_i21_fail_n + di]
.fail:
    mov ax, 8                       ; insufficient memory
    xor bx, bx                      ; largest block: none
    stc
    jmp .done
.next:
    add di, 2
    cmp di, 4
    jb .slot
.call:
    push si
    mov di, [bp-6]                  ; the caller's DS SI DI for DOS
    mov si, [bp-4]
    mov ds, [bp-2]
    pushf
    call far [cs:old21]
    pop si                          ; POP and MOV keep DOS's flags
    mov ds, [cs:spy_ds]
.done:
    pushf
    pop di
    and di, 1                       ; CF
    and word [bp+6], 0FFFEh
    or [bp+6], di
    test si, si
    jz .out
    mov [si+6], ax
    mov [si+8], bx
    mov [si+10], di
.out:
    pop di
    pop si
    pop ds
    pop bp
    iret

; void dt_i21_spy(int on)
; on != 0: clear the log and hook INT 21h (once); on = 0: put the old
; vector back.  The fail rules are the caller's to set and clear.
; In: [sp+2] on.  Out: nothing.  Modifies: AX BX ES.  Context: task.
global _dt_i21_spy
_dt_i21_spy:
    push bp
    mov bp, sp
    xor ax, ax
    mov es, ax
    cmp word [bp+4], 0
    je .off
    cmp word [cs:old21+2], 0
    jne .ret                        ; already on
    mov word [_dt_i21_nlog], 0
    mov [cs:spy_ds], ds
    cli
    mov ax, [es:21h*4]
    mov [cs:old21], ax
    mov ax, [es:21h*4+2]
    mov [cs:old21+2], ax
    mov word [es:21h*4], i21_handler
    mov [es:21h*4+2], cs
    sti
    jmp .ret
.off:
    cmp word [cs:old21+2], 0
    je .ret
    cli
    mov ax, [cs:old21]
    mov [es:21h*4], ax
    mov ax, [cs:old21+2]
    mov [es:21h*4+2], ax
    mov word [cs:old21+2], 0
    sti
.ret:
    pop bp
    ret
