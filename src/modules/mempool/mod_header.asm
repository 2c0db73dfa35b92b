; mod_header.asm - MEMPOOL.MOD's 64-byte header, its entry shims and the
; C gate.  Linked first, so the header sits at offset 0 of the image.
;
; Memory model of the module: one segment, CS = DS = the module's block,
; tiny-model bcc code (SS = DS assumed), so every entry implemented in C
; runs on the module's own stack (c_gate).  ISR-safe entries are NASM and
; run on the caller's stack with DS loaded from CS.

cpu 286
%include "module_abi.inc"
%include "api_count.inc"

MEM_E_BUSY equ -10
MEM_E_STATE equ -12

section .text
global _main                    ; ld86 wants a start symbol
extern _mod_init, _mod_unload
extern _gate_top, _gate_depth, _gate_ss, _gate_sp
extern _mod_cold_start, _mod_image_end
extern _mod_api_table

hdr_data_beg:
_main:
istruc modhdr
at modhdr.magic,          db 'PDMD'
at modhdr.abi_version,    dw MOD_ABI_VERSION
at modhdr.hdr_size,       dw MOD_HDR_SIZE
at modhdr.name,           db 'MEMPOOL', 0
at modhdr.mod_version,    dw 0100h
at modhdr.min_cpu,        db MOD_CPU_286
at modhdr.flags,          db MOD_F_COLD
at modhdr.image_bytes,    dw _mod_image_end    ; tools/modfix checks it
at modhdr.resident_paras, dw 0                 ; filled by tools/modfix
at modhdr.total_paras,    dw 0                 ; filled by tools/modfix
at modhdr.cold_off,       dw _mod_cold_start
at modhdr.init_off,       dw init_entry
at modhdr.unload_off,     dw unload_entry
at modhdr.api_off,        dw _mod_api_table
at modhdr.api_count,      dw MOD_API_COUNT
at modhdr.api_version,    dw 0102h
at modhdr.checksum,       dw 0                 ; filled by tools/modfix
at modhdr.stack_bytes,    dw 0                 ; filled by tools/modfix
at modhdr.reserved,       times 22 db 0
iend
hdr_data_end:


; int init(const struct mem_config far *cfg)            Context: init
; (Its words name the init part, which is gone after the load: the only
; core code that may refer to it, tools/modreloc.c is told so.)
global init_ok_beg, init_ok_end
init_ok_beg:
init_entry:
    cmp word [cs:_gate_top], 0  ; the first call: the stack is the end of
    jne .go                     ; the block the loader made (total_paras)
    mov ax, [cs:modhdr.total_paras]
    shl ax, 4
    mov [cs:_gate_top], ax
.go:
    mov bx, _mod_init
    mov cx, 2
    jmp c_gate
init_ok_end:

; int unload(void)                                      Context: init
unload_entry:
    mov bx, _mod_unload
    xor cx, cx
    jmp c_gate

; c_gate - run a near C function of the module on the module's stack.
; The one place where task calls are refused in the wrong context: every
; C entry (api.def kind c, init and unload) comes through here, so an
; entry added later cannot forget the rule.
; C twin: mod_gate_admit_c() in mod_core.c (the admission rule; host tests
;      call the C entries directly).
; In:  BX = C function, CX = argument words; SS:SP -> far return, arguments
; Out: AX (DX:AX) = the function's result; MEM_E_BUSY (DX = 0), the
;      function not run, when a C entry is already running (task entries
;      are not re-entrant) or a NIC ISR is inside mem_isr_enter() /
;      mem_isr_leave() (mod_isr_depth != 0: task calls may reach DOS, XMS
;      and VDS, none of them re-entrant).  No entry is excepted (see
;      MEM_E_BUSY in memory_api.h).
; Modifies: AX BX CX DX ES flags (SI DI BP DS SS SP preserved)
; Context: task/init.  Interrupts stay enabled: MOV SS, r delays interrupts
;      until after the following MOV SP, so the stack switch is atomic.
global c_gate
c_gate:
    push bp
    mov bp, sp
    push si
    push di
    push ds
    push es
    mov ax, cs
    mov ds, ax
    cmp word [_gate_depth], 0   ; and _mod_isr_depth, the byte after it
    jne .busy
    inc byte [_gate_depth]
    mov [_gate_ss], ss
    mov [_gate_sp], sp
    mov dx, ss                  ; caller's stack holds the arguments
    mov ss, ax
    mov sp, [_gate_top]
    mov es, dx
    mov si, cx                  ; last argument word at bp+4+2*cx
    shl si, 1
    add si, bp
    add si, 4
    jcxz .call
.copy:
    push word [es:si]
    sub si, 2
    loop .copy
.call:
    mov es, ax                  ; bcc code assumes ES = DS = SS
    call bx
    mov ss, [_gate_ss]
    mov sp, [_gate_sp]
    dec byte [_gate_depth]
.out:
    pop es
    pop ds
    pop di
    pop si
    pop bp
    retf
.busy:
    mov ax, MEM_E_BUSY
    xor dx, dx
    jmp .out

; mod_dropped - what an API table entry of a dropped group (or of the
; set-up part) points at after the seal (mod_seal_setup.c): every such
; entry is a task entry returning int, so MEM_E_STATE in AX (DX = 0).
; C twin: none.  In: nothing.  Out: AX = MEM_E_STATE, DX = 0.
; Modifies: AX DX.  Context: any (changes nothing).
global _mod_dropped
_mod_dropped:
    mov ax, MEM_E_STATE
    xor dx, dx
    retf

; The unload hooks: hook N (1..4) is a near routine of group N that gives
; back what only that group holds (bcc convention, no arguments), 0 when
; the group holds nothing or was dropped.  The core's unload calls each;
; the seal moves or zeroes them (these words and the API table are the
; only places the core may name a group's code: tools/modreloc.c).
extern _dma_map_release, _xms_release
global _mod_unload_hooks, hooks_data_beg, hooks_data_end
hooks_data_beg:
_mod_unload_hooks:
    dw 0, _dma_map_release, 0, 0, _xms_release ; 1 MAP: its VDS regions
                                               ; 4 XMS: its handles
hooks_data_end:

; unsigned mem_version(void)                            Context: ISR-safe
; C twin: mod_version_c() in mod_core.c
; In: nothing.  Out: AX = MEM_API_VERSION.  Modifies: AX.
global _mod_version
_mod_version:
    mov ax, 0102h
    retf
