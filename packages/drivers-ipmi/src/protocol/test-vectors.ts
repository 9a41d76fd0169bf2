// Shared fixture for the protocol unit tests (not exported from the package).
// Suite 3 values were captured from `ipmitool -I lanplus -C 3 -v -v -v -v` against
// ipmi_sim (user "admin", password "password"); the suite 17 values were computed
// from the same inputs with Python's hmac/cryptography, following IPMI v2.0
// §13.31-13.32 with SHA-256 (K1/K2 from the 20-byte constants, as ipmitool -C 17
// does; test/suite17.test.ts checks this against ipmitool end to end).
const h = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

export const RAKP_INPUTS = {
  consoleSessionId: 0xa0a2a3a4,
  managedSessionId: 0x00000002,
  consoleRandom: h('f874dfcd42fd00e543b8f3b9501b01c5'),
  bmcRandom: h('10f00458322b09dc5d3398e75cec1027'),
  bmcGuid: h('a123456700004ca789abcdef01234567'),
  role: 0x14,
  username: Buffer.from('admin'),
  password: 'password',
};

export const SUITE3 = {
  rakp2HmacInput: h(`a4a3a2a0 02000000 f874dfcd42fd00e543b8f3b9501b01c5 10f00458322b09dc5d3398e75cec1027
    a123456700004ca789abcdef01234567 14 05 61646d696e`),
  rakp2AuthCode: h('a1e8085c05d18764d67d0ffa0d49b5c6a8c81bdd'),
  rakp3HmacInput: h('10f00458322b09dc5d3398e75cec1027 a4a3a2a0 14 05 61646d696e'),
  rakp3AuthCode: h('67bc6c94c16e749122e031f08f367af9cd95be0b'),
  sikInput: h('f874dfcd42fd00e543b8f3b9501b01c5 10f00458322b09dc5d3398e75cec1027 14 05 61646d696e'),
  sik: h('f2d742d4a774db397789b21f2b4974cdc17472f5'),
  k1: h('16659cc5287f22523a6862698dffdfb68792dd85'),
  k2: h('e6382ed10a1c427745bbdacb6ffd163ea0d80b9f'),
  rakp4IcvInput: h('f874dfcd42fd00e543b8f3b9501b01c5 02000000 a123456700004ca789abcdef01234567'),
  rakp4Icv: h('300a4fe55868fc1d4757c32f'),
  /** Set Session Privilege Level (ADMINISTRATOR), rqSeq 1, as ipmitool sent it: seq 3, fixed IV. */
  iv: h('c6f393b59c6f75b427d3ed67731b8322'),
  setPrivPacket: h(`0600ff07 06c0 02000000 03000000 2000 c6f393b59c6f75b427d3ed67731b8322
    46023f7d52d60dfce4246a326cfe975c ffff 02 07 0555d36cc52834b62b78bc88`),
  /** The BMC's answer, with session ID = ours. */
  setPrivResponse: h(`0600ff07 06c0 a4a3a2a0 01000000 2000 25ba54bd1f7d2a8c5bac252ecc88d882
    e4529bfb62bc0c3fa2903fe6e7f54f06 ffff 02 07 1d755071fe583fe97dffc78c`),
};

export const SUITE17 = {
  rakp2AuthCode: h('3a37729b0ef145bfbf41181c21d3278f49cca8ef21f3f43a1cc4752e70edc1bd'),
  rakp3AuthCode: h('c239857ca05ddfa542e769080abaca77be5f6e04334252a38c1db0a63540ba85'),
  sik: h('964250ece8b99d5061e73e389dd86eee3e652fd1e2c7384a326e60539b376122'),
  k1: h('43994db5a2a8451d7897cb0c4a58e7fb9e5b5ca7cc8790614431f510b731776d'),
  k2: h('688eb631e00f9ceae1a9c4d98b250c0d9aac64b3815915c00fdfd0aa4034d217'),
  rakp4Icv: h('4f714114aa9dccc9c65b72d16f66d3aa'),
  setPrivPacket: h(`0600ff07 06c0 02000000 03000000 2000 c6f393b59c6f75b427d3ed67731b8322
    bd151a46a78dcdd947de6740d2f65aa3 ffff 02 07 adfb4a091620dee97cf623c4048c75a4`),
};

/** Set Session Privilege Level request message (rqSeq 1, ADMINISTRATOR). */
export const SET_PRIV_REQUEST = h('2018c881043b043c');
