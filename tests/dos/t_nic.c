/* t_nic.c - examples/nicdemo.c run as a DOS test in every configuration. */
#include "../../examples/nicdemo.c"
