; arena.asm - the module's DOS memory blocks: the table of every block it
; holds (so that unload gives each back), giving a block back, and the
; figures mem_info reports.  Core: stays resident from init to unload.
; Getting a block (arena_get) is the pool service's (pool_svc.asm).
; Layout: arena.h (struct arena_ent, ARENA_*).  C twins: arena_c.c.
; Context: init/task (DOS and XMS calls), never from an ISR.

cpu 286
section .text

%include "mod_core.inc"
%include "pool_fast.inc"            ; AH_SIG, AH_CHECK, MEM_OK, MEM_E_BADPTR

struc ent
.seg:    resw 1                 ; +0 0 = slot free
.paras:  resw 1                 ; +2
.src:    resb 1                 ; +4 ARENA_SRC_*
.in_umb: resb 1                 ; +5
endstruc

global _arena_tab, _arena_umb_seen, _arena_xms_umb_get, _arena_xms_umb_put
global _arena_put, _arena_release_all

arena_data_beg:
_arena_tab:         times ARENA_MAX * ent_size db 0
_arena_xms_umb_get: dw 0        ; int (*)(u16 paras, u16 *seg, u16 *got)
_arena_xms_umb_put: dw 0        ; int (*)(u16 seg)
_arena_umb_seen:    db 0
                    db 0
arena_data_end:

; int arena_put(u16 seg)
; Give back a block from arena_get (XMS 11h through the hook for an XMS
; UMB, else DOS 49h); its table entry is dropped either way.  Its words at
; AH_SIG and AH_CHECK are wiped first: a pool arena's signature and check
; word live there (pool.h), so no stale pointer into a block given back
; (by the service, or by unload) passes as a pool block; in a DMA arena
; they are its free-stack top and a spare word, dead by now.
; C twin: arena_put() in arena_c.c.
; In: [sp+2] seg.  Out: AX = MEM_OK, MEM_E_BADPTR (not in the table:
; nothing freed), MEM_E_DOS (DOS or the driver refused).
; Modifies: AX BX CX DX ES.  Context: init/task.
_arena_put:
    mov bx, sp
    mov dx, [ss:bx+2]
    mov ax, MEM_E_BADPTR
    test dx, dx
    jz .out
    mov bx, _arena_tab
.find:
    cmp [bx+ent.seg], dx
    je .got
    add bx, ent_size
    cmp bx, _arena_tab + ARENA_MAX * ent_size
    jb .find
    ret                             ; AX = MEM_E_BADPTR
.got:
    xor ax, ax
    mov [bx+ent.seg], ax
    mov [bx+ent.paras], ax
    mov es, dx
    mov [es:AH_SIG], ax
    mov [es:AH_CHECK], ax
    cmp byte [bx+ent.src], ARENA_SRC_XMSUMB
    je .umb
    mov ah, 49h
    int 21h
    mov ax, MEM_OK
    jnc .out
    mov ax, MEM_E_DOS
.out:
    ret
.umb:
    mov bx, [_arena_xms_umb_put]
    mov ax, MEM_E_DOS
    test bx, bx
    jz .out
    push dx
    call bx
    pop dx
    test ax, ax
    jz .out
    mov ax, MEM_E_DOS
    ret

; void arena_release_all(void)
; Give back every block still held (unload).  C twin: arena_c.c.
; Modifies: AX BX CX DX ES.  Context: init/task.
_arena_release_all:
    push si
    mov si, _arena_tab
.next:
    mov ax, [si+ent.seg]
    test ax, ax
    jz .skip
    push ax
    call _arena_put
    pop ax
.skip:
    add si, ent_size
    cmp si, _arena_tab + ARENA_MAX * ent_size
    jb .next
    pop si
    ret
