# accept: pxb-pcie bus_nr=0 before any bridge is accepted (nothing enforces "0 is not a legal PXB bus number")
qemu-system-x86_64 \
  -M q35 \
  -device pxb-pcie,id=pxb1,bus=pcie.0,bus_nr=0
