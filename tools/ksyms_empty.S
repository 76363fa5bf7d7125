/* The first-stage link's empty symbol table (see tools/gen_ksyms.py). */
	.section .ksyms, "a"
	.balign 8
	.globl kallsyms_num, kallsyms_addresses, kallsyms_sizes
	.globl kallsyms_name_offsets, kallsyms_names
kallsyms_num:
	.quad 0
kallsyms_addresses:
kallsyms_sizes:
kallsyms_name_offsets:
kallsyms_names:
	.byte 0
