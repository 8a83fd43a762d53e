// An unknown host key, put to the operator: the host, the key type and its SHA256 fingerprint, to
// compare with the node's own (ssh-keygen -lf on its console). The default answer is No; the
// keys shown are the ones the console takes (yes-no.ts).
import { Box, Text } from 'ink';
import type { UnknownHostKeyQuestion } from '../../transport/host-key-policy.js';
import { useTheme } from '../theme.js';
import { YES_NO_KEYS } from '../yes-no.js';
import { KeyChoices } from './KeyChoices.js';

export interface HostKeyPromptProps {
  question: UnknownHostKeyQuestion;
  width: number;
}

export function HostKeyPrompt({ question, width }: HostKeyPromptProps) {
  const theme = useTheme();
  const where = question.port === 22 ? question.host : `[${question.host}]:${question.port}`;
  return (
    <Box flexDirection="column" width={width} borderStyle="double" {...(theme.colour ? { borderColor: 'yellow' } : {})} paddingX={1}>
      <Text {...theme.style('warn')}>{`Unknown host key for ${where}`}</Text>
      <Text>This node's key is not in known_hosts: hapilot cannot yet tell it is talking to the right machine.</Text>
      <Text>
        {'  '}
        {question.keyType} <Text {...theme.style('title')}>{question.fingerprint}</Text>
      </Text>
      <Text dimColor>Compare it with the node's own fingerprint (on its console: ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub).</Text>
      <Box>
        <Text>Trust this key and add it to known_hosts? </Text>
        <KeyChoices rows={YES_NO_KEYS} />
      </Box>
    </Box>
  );
}
